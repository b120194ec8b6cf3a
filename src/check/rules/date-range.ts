import type { Rule } from './rule';
import { checkDateAttribute, compareAtCommonPrecision, isDateAttribute, isoIntervalKeys } from './dates';

const PAIRS: Array<[string, string, string]> = [
  ['from', 'to', 'the span ends before it starts'],
  ['notBefore', 'notAfter', 'no date satisfies both bounds'],
  ['from-iso', 'to-iso', 'the span ends before it starts'],
  ['notBefore-iso', 'notAfter-iso', 'no date satisfies both bounds'],
];

export const dateRange: Rule = {
  id: 'date-range',
  severity: 'error',
  description: '@from is not later than @to and @notBefore not later than @notAfter (compared at their common precision: 1931 and 1931-04 do not conflict)',
  check(ctx) {
    for (const [startName, endName, why] of PAIRS) {
      for (const start of ctx.index.attributes(startName)) {
        const owner = start.ownerElement;
        if (!owner || !isDateAttribute(start)) continue;
        const end = owner.getAttributeNode(endName);
        if (!end || !isDateAttribute(end)) continue;
        const a = checkDateAttribute(start);
        const b = checkDateAttribute(end);
        // Invalid dates are date-invalid's; dates without a year (--12-24, 23:00) may wrap around.
        if (!a.ok || !b.ok || !a.key || !b.key) continue;
        if (compareAtCommonPrecision(a.key, b.key) <= 0) continue;
        ctx.report(
          owner,
          `@${startName}="${start.value}" is later than @${endName}="${end.value}" on <${owner.localName}>: ${why}`,
          `check the years; if the values are swapped, exchange them`,
        );
      }
    }
    for (const name of ['when-iso', 'from-iso', 'to-iso', 'notBefore-iso', 'notAfter-iso']) {
      for (const attr of ctx.index.attributes(name)) {
        if (!isDateAttribute(attr)) continue;
        const keys = isoIntervalKeys(attr.value);
        if (!keys || compareAtCommonPrecision(keys[0], keys[1]) <= 0) continue;
        ctx.report(attr, `the interval @${name}="${attr.value}" on <${attr.ownerElement?.localName}> ends before it starts`, 'an ISO interval is written start/end');
      }
    }
  },
};

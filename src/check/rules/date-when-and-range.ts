import type { Rule } from './rule';
import { isDateAttribute } from './dates';

/** Attribute pairs that contradict each other (TEI's own att.datable.w3c constraints say the same). */
const CONFLICTS: Array<[string, string[], string]> = [
  ['when', ['from', 'to', 'notBefore', 'notAfter'], '@when gives one exact date; a range or bounds say the date is a span or uncertain'],
  ['when-iso', ['from-iso', 'to-iso', 'notBefore-iso', 'notAfter-iso'], '@when-iso gives one exact date; a range or bounds say the date is a span or uncertain'],
  ['from', ['notBefore'], 'both say where the date starts: @from that the span certainly starts then, @notBefore that an unknown date is not earlier'],
  ['to', ['notAfter'], 'both say where the date ends: @to that the span certainly ends then, @notAfter that an unknown date is not later'],
];

export const dateWhenAndRange: Rule = {
  id: 'date-when-and-range',
  severity: 'error',
  description: '@when is not combined with @from, @to, @notBefore or @notAfter (nor @from with @notBefore, @to with @notAfter)',
  check(ctx) {
    for (const [name, others, why] of CONFLICTS) {
      for (const attr of ctx.index.attributes(name)) {
        const owner = attr.ownerElement;
        if (!owner || !isDateAttribute(attr)) continue;
        const clashing = others.filter((o) => owner.hasAttribute(o));
        if (clashing.length === 0) continue;
        const list = clashing.map((o) => `@${o}`).join(' and ');
        const hint = name.startsWith('when')
          ? `keep @${name} for a known date, or ${list} for a span or an uncertain date, not both`
          : `keep one of @${name} and ${list}`;
        ctx.report(owner, `<${owner.localName}> has both @${name} and ${list}: ${why}`, hint);
      }
    }
  },
};

import type { Rule } from './rule';
import { ISO_DATE_ATTRIBUTES, W3C_DATE_ATTRIBUTES, checkDateAttribute, isDateAttribute } from './dates';

export const dateInvalid: Rule = {
  id: 'date-invalid',
  severity: 'error',
  description: '@when, @from, @to, @notBefore, @notAfter (and their -iso twins) are well-formed dates that exist in the calendar (no 1931-02-30)',
  check(ctx) {
    for (const name of [...W3C_DATE_ATTRIBUTES, ...ISO_DATE_ATTRIBUTES]) {
      for (const attr of ctx.index.attributes(name)) {
        if (!isDateAttribute(attr)) continue;
        const r = checkDateAttribute(attr);
        if (r.ok) continue;
        const owner = attr.ownerElement as Element;
        ctx.report(attr, `@${name}="${attr.value}" on <${owner.localName}> ${r.problem}`, r.hint ?? 'check the value against the source; the usual forms are YYYY, YYYY-MM and YYYY-MM-DD');
      }
    }
  },
};

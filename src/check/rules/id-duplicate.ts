import type { Rule } from './rule';
import { lineOf } from './tei';

export const idDuplicate: Rule = {
  id: 'id-duplicate',
  severity: 'error',
  description: 'no two elements share an xml:id',
  check(ctx) {
    for (const d of ctx.index.duplicateIds) {
      const line = lineOf(d.first);
      ctx.report(
        d.attr,
        `xml:id="${d.id}" on <${d.element.localName}> is already used by the <${d.first.localName}> on line ${line}`,
        `ids must be unique in the file: rename this one (pointers to "#${d.id}" reach the first, on line ${line})`,
      );
    }
  },
};

import type { Rule } from './rule';
import { closestAncestor, isTei } from './tei';

export const paragraphNoId: Rule = {
  id: 'paragraph-no-id',
  severity: 'warning',
  description: 'every <p> of the body has an xml:id: citations and links need a stable anchor',
  check(ctx) {
    const suggested = new Set<string>();
    let ordinal = 0;
    for (const p of ctx.index.elements('p')) {
      // The nearest enclosing division decides: body, not front/back matter or the header.
      if (!isTei(closestAncestor(p, 'body', 'front', 'back', 'teiHeader', 'standOff'), 'body')) continue;
      ordinal++;
      if (p.hasAttributeNS('http://www.w3.org/XML/1998/namespace', 'id')) continue;
      let n = ordinal;
      while (ctx.ids.has(`p${n}`) || suggested.has(`p${n}`)) n++;
      suggested.add(`p${n}`);
      ctx.report(
        p,
        '<p> in the body has no xml:id: citations and links need a stable anchor',
        `add xml:id="p${n}" (or run: edition ids --write ${ctx.document.file})`,
      );
    }
  },
};

import type { DocumentIndex } from './document-index';
import type { Rule } from './rule';
import { article, describePointer, expectedKinds, idsOfKinds, localPointers, type Expectation } from './pointers';
import { closest, listPointers } from './suggest';
import { isTei, lineOf } from './tei';
import type { LocalPointer } from './pointers';
import type { RuleContext } from './rule';
import { registerPointers, scopeOf } from './cross-file';
import { resolvePointer } from '../../registers/resolve';
import { shownPath, type RegisterEntry } from '../../registers/load';

/** The register entry a `#id` not in the document names, if any. */
function registerEntry(token: string, ctx: RuleContext): RegisterEntry | undefined {
  const r = resolvePointer(token, scopeOf(ctx));
  return r.where === 'register' ? r.entry : undefined;
}
import { witnessBySiglum } from './witnesses';

/** For a name that points to the wrong kind of entity, the name element that would fit the entity. */
const NAME_FOR_ENTITY: Record<string, string> = { person: 'persName', personGrp: 'persName', place: 'placeName', org: 'orgName' };

export const pointerWrongKind: Rule = {
  id: 'pointer-wrong-kind',
  severity: 'error',
  description: 'a pointer reaches the right kind of element: persName/@ref a person, placeName/@ref a place, orgName/@ref an org, @wit a witness, @who a person, @hand a handNote, quote/@source a bibliographic entry, @resp a responsible party',
  check(ctx) {
    // `file`: the register a target stands in, so that a hint's line number says which file it counts in.
    const found: { p: LocalPointer; target: Element; file?: string }[] = [];
    for (const p of localPointers(ctx.index)) {
      const own = ctx.ids.get(p.id);
      if (own) found.push({ p, target: own });
      else if (ctx.registers) {
        const entry = registerEntry(p.token, ctx);
        if (entry) found.push({ p, target: entry.el, file: entry.file });
      } // else pointer-unresolved's business
    }
    for (const { p, r } of registerPointers(ctx)) if (r.entry) found.push({ p, target: r.entry.el, file: r.entry.file });
    for (const { p, target, file } of found) {
      const expected = expectedKinds(p.owner, p.attr.name);
      if (!expected || isTei(target, ...expected.kinds)) continue;
      const found = target.localName;
      const message = `${describePointer(p)} points to ${article(found)} <${found}>, expected ${expected.label}`;
      ctx.report(ctx.index.valuePosition(p.attr, p.offset), message, hint(p.owner, p.attr.name, target, expected, p.id, ctx.index, file));
    }
  },
};

function hint(owner: Element, attrName: string, target: Element, expected: Expectation, id: string, index: DocumentIndex, file?: string): string {
  const parts: string[] = [];
  const better = NAME_FOR_ENTITY[target.localName];
  if (attrName === 'ref' && better && isTei(owner, 'persName', 'placeName', 'orgName') && better !== owner.localName) {
    parts.push(`if the text names the ${target.localName} on line ${lineOf(target)}${file ? ` of ${shownPath(file)}` : ''}, tag it <${better}> instead of <${owner.localName}>`);
  }
  if (attrName === 'wit' && !isTei(target, 'bibl', 'msDesc')) {
    parts.push('@wit names witnesses; an editor\'s conjecture or correction is marked with @resp instead');
  }
  const candidates = idsOfKinds(index, expected.kinds);
  const near = closest(id, candidates);
  const bySiglum = attrName === 'wit' ? witnessBySiglum(index, id) : undefined;
  if (bySiglum) parts.push(`"${id}" is the siglum of the witness xml:id="${bySiglum}": write "#${bySiglum}"`);
  else if (near) parts.push(`did you mean "#${near}"?`);
  else if (candidates.length > 0 && candidates.length <= 8) parts.push(`the candidates are ${listPointers(candidates)}`);
  else if (candidates.length > 8) parts.push(`the document has ${candidates.length} candidates: ${listPointers(candidates)}`);
  if (parts.length === 0) parts.push(`declare ${expected.label} with an xml:id and point to it (the document has none)`);
  return parts.join('; ');
}

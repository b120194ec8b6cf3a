import type { DocumentIndex } from './document-index';
import type { Rule } from './rule';
import { describePointer, expectedKinds, idsOfKinds, localPointers, type Expectation } from './pointers';
import { closest, listPointers } from './suggest';
import { lineOf } from './tei';

export const pointerUnresolved: Rule = {
  id: 'pointer-unresolved',
  severity: 'error',
  description: 'every local pointer (#id) in @ref, @corresp, @target, @wit, @source, @who, @resp, @hand, @ana, @sameAs names an xml:id of the document',
  check(ctx) {
    // Many pointers can share one misspelt id (a witness siglum used in every apparatus
    // entry): compute each hint once.
    const hints = new Map<string, string>();
    for (const p of localPointers(ctx.index)) {
      if (ctx.ids.has(p.id)) continue;
      const at = ctx.index.valuePosition(p.attr, p.offset);
      if (p.id === '') {
        ctx.report(at, `${describePointer(p)} is an empty pointer: "#" names no element`, 'write "#" followed by the xml:id of the element meant, or remove the token');
        continue;
      }
      const expected = expectedKinds(p.owner, p.attr.name);
      const key = `${expected?.label ?? '*'}\u0000${p.id}`;
      let hint = hints.get(key);
      if (hint === undefined) {
        hint = hintFor(p.id, expected, ctx.index);
        hints.set(key, hint);
      }
      ctx.report(at, `${describePointer(p)} points to nothing: no element has xml:id="${p.id}"`, hint);
    }
  },
};

function hintFor(id: string, expected: Expectation | undefined, index: DocumentIndex): string {
  // Prefer a near miss of the right kind; fall back to any id (the kind may be wrong too,
  // but pointer-wrong-kind will say so once the spelling is fixed).
  const ofKind = expected ? idsOfKinds(index, expected.kinds) : [];
  const near = closest(id, ofKind) ?? closest(id, index.ids.keys());
  if (near !== undefined) {
    const target = index.ids.get(near);
    const what = target ? ` (the <${target.localName}> on line ${lineOf(target)})` : '';
    return `did you mean "#${near}"${what}?`;
  }
  if (expected && ofKind.length > 0 && ofKind.length <= 12) {
    return `declare it (${expected.label} with xml:id="${id}"), or point to one that exists: ${listPointers(ofKind)}`;
  }
  if (expected) return `declare it (${expected.label} with xml:id="${id}"), or correct the pointer`;
  return `add xml:id="${id}" to the element meant, or correct the pointer`;
}

import path from 'node:path';
import type { DocumentIndex } from './document-index';
import type { Rule } from './rule';
import { describePointer, expectedKinds, idsOfKinds, localPointers, type Expectation } from './pointers';
import { closest, listPointers } from './suggest';
import { registerPointers, scopeOf } from './cross-file';
import { shownPath } from '../../registers/load';
import { resolvePointer } from '../../registers/resolve';
import { nearestIds } from './nearest';
import { lineOf } from './tei';
import { witnessBySiglum } from './witnesses';

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
      if (ctx.registers && p.id !== '') {
        const r = resolvePointer(p.token, scopeOf(ctx));
        if (r.where === 'register' && r.entry) {
          if (r.duplicate) {
            ctx.report(at, `${describePointer(p)} is ambiguous: xml:id="${p.id}" is defined in two registers, ${shownPath(r.entry.file)} and ${shownPath(r.duplicate.file)}`, `point into one of them by file (e.g. "${path.relative(path.dirname(path.resolve(ctx.document.file)), r.entry.file).split(path.sep).join('/')}#${p.id}"), or give one entry another xml:id`);
          }
          continue;
        }
      }
      if (p.id === '') {
        ctx.report(at, `${describePointer(p)} is an empty pointer: "#" names no element`, 'write "#" followed by the xml:id of the element meant, or remove the token');
        continue;
      }
      const expected = expectedKinds(p.owner, p.attr.name);
      const key = `${expected?.label ?? '*'}\u0000${p.id}`;
      let hint = hints.get(key);
      if (hint === undefined) {
        hint = hintFor(p.id, expected, ctx.index);
        if (ctx.registers && !hint.startsWith('did you mean')) {
          const near = closest(p.id, ctx.registers.byId.keys());
          const entry = near === undefined ? undefined : ctx.registers.byId.get(near);
          if (entry) hint = `did you mean "#${near}" (the <${entry.el.localName}> on line ${lineOf(entry.el)} of ${shownPath(entry.file)})?`;
        }
        hints.set(key, hint);
      }
      ctx.report(at, `${describePointer(p)} points to nothing: no element has xml:id="${p.id}"${ctx.registers ? ' (in the document or its registers)' : ''}`, hint);
    }
    for (const { p, r } of registerPointers(ctx)) {
      if (r.entry) continue;
      const at = ctx.index.valuePosition(p.attr, p.offset);
      const entries = ctx.registers?.byFile.get(r.file);
      const near = nearestIds(r.id, entries ? [...entries.keys()] : [], 3);
      const expected = expectedKinds(p.owner, p.attr.name);
      const hint = near.length > 0
        ? `the nearest ids of ${shownPath(r.file)} are ${near.map((n) => `"${n}"`).join(', ')}`
        : `declare ${expected?.label ?? 'the entry'} with xml:id="${r.id}" in ${shownPath(r.file)}`;
      ctx.report(at, `${describePointer(p)} points into the register ${shownPath(r.file)}, which has no xml:id="${r.id}"`, hint);
    }
  },
};

/** An XML name without colon: what an xml:id may be (a digit, a hyphen or a dot may not start it). */
const NCNAME = /^[A-Za-z_\u00C0-\u02FF\u0370-\u1FFF\u200C-\u218F\u2C00-\uD7FF\uF900-\uFFFD][\w.\-\u00B7\u00C0-\u02FF\u0300-\u036F\u0370-\u1FFF\u203F\u2040\u2C00-\uD7FF\uF900-\uFFFD]*$/;

function hintFor(id: string, expected: Expectation | undefined, index: DocumentIndex): string {
  // wit="#44" where the witness is xml:id="W44" n="44": the siglum was written instead of the id.
  if (expected?.kinds.includes('witness')) {
    const bySiglum = witnessBySiglum(index, id);
    if (bySiglum) return `"${id}" is the siglum of the witness xml:id="${bySiglum}": write "#${bySiglum}"`;
  }
  if (!NCNAME.test(id)) {
    const ofKind = expected ? idsOfKinds(index, expected.kinds) : [];
    const some = ofKind.length > 0 ? `; the document has ${ofKind.length} ${ofKind.length === 1 ? 'candidate' : 'candidates'}: ${listPointers(ofKind)}` : '';
    return `"${id}" cannot be an xml:id (an xml:id starts with a letter or "_"): point to the xml:id of ${expected?.label ?? 'the element meant'}${some}`;
  }
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

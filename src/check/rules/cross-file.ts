/**
 * Pointers that leave the document: into the edition's registers, by
 * `#id` (not found here), by relative file (`registers/persons.xml#p2`) or
 * by a private scheme (`reg:p2`, declared by <prefixDef>). Shared by
 * pointer-unresolved and pointer-wrong-kind.
 */
import path from 'node:path';
import { readPrefixDefs } from '../../registers/prefix';
import { resolvePointer, type PointerScope, type Resolution } from '../../registers/resolve';
import { POINTER_ATTRIBUTES, type LocalPointer } from './pointers';
import type { RuleContext } from './rule';
import { tokens } from './tei';

const SCOPE = Symbol('pointer scope');

export function scopeOf(ctx: RuleContext): PointerScope {
  return ctx.index.memo(SCOPE, () => {
    const file = path.resolve(ctx.document.file);
    return { file, ids: ctx.ids, prefixDefs: readPrefixDefs(ctx.document.root, file), ...(ctx.registers ? { registers: ctx.registers } : {}) };
  });
}

/** Tokens other than `#id` (those are localPointers') that resolve into a register, found or not. */
export function registerPointers(ctx: RuleContext): { p: LocalPointer; r: Extract<Resolution, { where: 'register' }> }[] {
  const out: { p: LocalPointer; r: Extract<Resolution, { where: 'register' }> }[] = [];
  if (!ctx.registers) return out;
  const scope = scopeOf(ctx);
  for (const name of POINTER_ATTRIBUTES) {
    for (const attr of ctx.index.attributes(name)) {
      const owner = attr.ownerElement;
      if (!owner) continue;
      for (const { token, offset } of tokens(attr.value)) {
        if (token[0] === '#') continue;
        const r = resolvePointer(token, scope);
        if (r.where === 'register') out.push({ p: { attr, owner, token, id: r.id, offset }, r });
      }
    }
  }
  return out;
}

/**
 * Where one pointer token leads, across files: `#id` in the document, else in
 * the registers; `registers/persons.xml#p2` (relative to the document's
 * folder) into that register; `reg:p2` through a <prefixDef> of the
 * document's or a register's header first. Absolute URIs (http:, https:,
 * urn:…) are never fetched: they are "elsewhere", as is a relative file that
 * is not a register (nothing can be checked there).
 */
import path from 'node:path';
import type { RegisterEntry, RegisterSet } from './load';
import { expandPrefix, type PrefixDef } from './prefix';
import { decodeId } from '../model/urls';

export type Resolution =
  /** An id of the document itself (found or not: the caller knows the document's ids). */
  | { where: 'document'; id: string }
  /** A register's entry; `entry` undefined when the register has no such id. `duplicate` when two registers define it. */
  | { where: 'register'; id: string; file: string; entry?: RegisterEntry; duplicate?: RegisterEntry }
  | { where: 'elsewhere' };

export interface PointerScope {
  /** The document's absolute path. */
  file: string;
  /** Its xml:ids. */
  ids: { has(id: string): boolean };
  /** Its own prefixDefs (they win over the registers'). */
  prefixDefs: readonly PrefixDef[];
  registers?: RegisterSet;
}

const SCHEME = /^[a-z][a-z0-9+.-]*:/i;

export function resolvePointer(token: string, scope: PointerScope): Resolution {
  const regs = scope.registers;
  let uri = token;
  let base = scope.file;
  if (SCHEME.test(token)) {
    const expanded = expandPrefix(token, [...scope.prefixDefs, ...(regs?.prefixDefs ?? [])]);
    if (!expanded || SCHEME.test(expanded.uri)) return { where: 'elsewhere' };
    uri = expanded.uri;
    base = expanded.base;
  }
  const hash = uri.indexOf('#');
  const filePart = hash < 0 ? uri : uri.slice(0, hash);
  const id = hash < 0 ? '' : decodeId(uri.slice(hash + 1));
  if (filePart === '' && base !== scope.file && regs?.byFile.has(base)) {
    // "#$1" in a register's prefixDef: an id of that register.
    const entry = regs.byFile.get(base)?.get(id);
    return { where: 'register', id, file: base, ...(entry ? { entry } : {}) };
  }
  if (filePart === '') {
    if (scope.ids.has(id) || !regs) return { where: 'document', id };
    const entry = regs.byId.get(id);
    if (!entry) return { where: 'document', id };
    const duplicate = regs.duplicates.find((d) => d.id === id)?.second;
    return { where: 'register', id, file: entry.file, entry, ...(duplicate ? { duplicate } : {}) };
  }
  if (hash < 0 || !regs) return { where: 'elsewhere' };
  const target = path.resolve(path.dirname(base), decodeId(filePart));
  if (target === path.resolve(scope.file)) return { where: 'document', id };
  const entries = regs.byFile.get(target);
  if (!entries) return { where: 'elsewhere' };
  const entry = entries.get(id);
  return { where: 'register', id, file: target, ...(entry ? { entry } : {}) };
}

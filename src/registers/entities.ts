/**
 * The register entries a document points to, as entities of its model: the
 * same names, dates and authority links as if the entry stood in the
 * document's own standOff. Only the entries the document mentions are added,
 * so that its index of names lists what it mentions, not the whole register.
 */
import path from 'node:path';
import { ENTRY_KIND } from '../model/behaviours';
import type { EntityTable } from '../model/entities';
import type { EntityKind } from '../model/types';
import type { RegisterEntry, RegisterSet } from './load';
import { readPrefixDefs } from './prefix';
import { resolvePointer, type PointerScope } from './resolve';

/** Attributes by which text points to an entity (as the model reads them). */
const ENTITY_POINTERS = ['ref', 'sameAs', 'corresp', 'source', 'key'] as const;

export interface RegisterLinks {
  /** Entries pointed to, in document order, each once. */
  entries: { entry: RegisterEntry; kind: EntityKind }[];
  /** Tokens as the model sees them (`reg:p2`) → the entry's id, for tokens that do not already say the id. */
  aliases: Map<string, string>;
}

/** One walk over the document's pointer attributes: which register entries it names. */
export function registerLinks(root: Element, file: string, ids: ReadonlySet<string>, registers: RegisterSet): RegisterLinks {
  const abs = path.resolve(file);
  const scope: PointerScope = { file: abs, ids, prefixDefs: readPrefixDefs(root, abs), registers };
  const links: RegisterLinks = { entries: [], aliases: new Map() };
  const seen = new Set<RegisterEntry>();
  const walk = (el: Element): void => {
    for (const name of ENTITY_POINTERS) {
      const value = el.getAttribute(name);
      if (!value) continue;
      for (const token of value.split(/\s+/)) {
        if (!token) continue;
        const r = resolvePointer(token, scope);
        if (r.where !== 'register' || !r.entry) continue;
        const kind = ENTRY_KIND[r.entry.el.localName];
        if (!kind) continue;
        if (!seen.has(r.entry)) {
          seen.add(r.entry);
          links.entries.push({ entry: r.entry, kind });
        }
        const bare = token.startsWith('#') ? token.slice(1) : token;
        if (bare !== r.id && !bare.endsWith(`#${r.id}`)) links.aliases.set(bare, r.id);
      }
    }
    for (let n = el.firstChild; n; n = n.nextSibling) if (n.nodeType === 1) walk(n as Element);
  };
  walk(root);
  return links;
}

/** Add the linked entries to the document's entity table; the document's own entries win over a register's with the same id. */
export function addRegisterEntities(table: EntityTable, links: RegisterLinks, entityOf: (el: Element, kind: EntityKind) => import('../model/types').Entity): void {
  for (const { entry, kind } of links.entries) {
    if (table.byId.has(entry.id)) continue;
    const entity = entityOf(entry.el, kind);
    entity.register = entry.file;
    // A source position counts in the register, not in this document: a link to "line N" of the document would mislead.
    delete entity.src;
    table.list.push(entity);
    table.byId.set(entity.id, entity);
    for (const a of entity.authorities) {
      const key = `${a.scheme}:${a.value}`;
      if (!table.byAuthority.has(key)) table.byAuthority.set(key, entity);
    }
  }
  for (const [alias, id] of links.aliases) {
    const entity = table.byId.get(id);
    if (entity && !table.byId.has(alias)) table.byId.set(alias, entity);
  }
}

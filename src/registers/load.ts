/**
 * Registers: TEI files (named by "registers" in edition.config.json) whose
 * entries — persons, places, organisations, events, bibliographies,
 * witnesses, taxonomies, anything with an xml:id — every document of the
 * edition may point into. They are read once per process and kept while
 * their files are unchanged (a build's worker threads each hold one copy,
 * not one per document).
 */
import { createHash } from 'node:crypto';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { loadDocument } from '../parse/load';
import { readPrefixDefs, type PrefixDef } from './prefix';

const XML_NS = 'http://www.w3.org/XML/1998/namespace';

export interface RegisterEntry {
  id: string;
  /** The register's absolute path. */
  file: string;
  el: Element;
}

export interface RegisterDuplicate {
  id: string;
  first: RegisterEntry;
  second: RegisterEntry;
}

export interface RegisterSet {
  /** Absolute paths, in the configuration's order. */
  files: string[];
  /** Entries of each register (absolute path → id → entry). */
  byFile: Map<string, Map<string, RegisterEntry>>;
  /** Every id of every register: the first definition when two registers define it. */
  byId: Map<string, RegisterEntry>;
  /** Ids defined in more than one register (each later definition, with the first). */
  duplicates: RegisterDuplicate[];
  /** The private URI schemes the registers' headers declare. */
  prefixDefs: PrefixDef[];
  /** Hash of the registers' bytes, in order: part of a build's cache key. */
  digest: string;
}

let cached: { key: string; set: RegisterSet } | undefined;

/** The registers of `files` (absolute paths), read once while their sizes and times are unchanged. */
export async function loadRegisters(files: readonly string[]): Promise<RegisterSet> {
  const stats = await Promise.all(files.map((f) => fs.stat(f).then((s) => `${s.size}:${s.mtimeMs}`, () => 'missing')));
  const key = files.map((f, i) => `${f}\u0000${stats[i]}`).join('\u0001');
  if (cached?.key === key) return cached.set;
  const set = await readRegisters(files);
  cached = { key, set };
  return set;
}

async function readRegisters(files: readonly string[]): Promise<RegisterSet> {
  const set: RegisterSet = { files: [...files], byFile: new Map(), byId: new Map(), duplicates: [], prefixDefs: [], digest: '' };
  const h = createHash('sha256');
  for (const file of files) {
    const bytes = await fs.readFile(file).catch(() => undefined);
    h.update(file).update('\u0000').update(bytes ?? 'unreadable').update('\u0001');
    const entries = new Map<string, RegisterEntry>();
    set.byFile.set(file, entries);
    if (!bytes) continue;
    // A register that does not parse is reported when it is validated (it is one of validate's files).
    const loaded = await loadDocument(file);
    const root = loaded.document?.root;
    if (!root) continue;
    for (const p of readPrefixDefs(root, file)) set.prefixDefs.push(p);
    const walk = (el: Element): void => {
      const id = el.getAttributeNS(XML_NS, 'id')?.trim();
      if (id && !entries.has(id)) {
        const entry = { id, file, el };
        entries.set(id, entry);
        const first = set.byId.get(id);
        if (!first) set.byId.set(id, entry);
        else set.duplicates.push({ id, first, second: entry });
      }
      for (let n = el.firstChild; n; n = n.nextSibling) if (n.nodeType === 1) walk(n as Element);
    };
    walk(root);
  }
  set.digest = h.digest('hex');
  return set;
}

/** The register at `file` (resolved), if it is one. */
export function registerAt(set: RegisterSet, file: string): Map<string, RegisterEntry> | undefined {
  return set.byFile.get(path.resolve(file));
}

/** A register's path as messages show it: relative to the working folder. */
export function shownPath(file: string): string {
  const rel = path.relative(process.cwd(), file);
  return rel && !rel.startsWith('..') ? rel.split(path.sep).join('/') : file;
}

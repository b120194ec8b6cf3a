import { readFileSync } from 'node:fs';
import path from 'node:path';
import { buildEdition } from '../../src/model/read-tei';
import type { Edition } from '../../src/model/types';
import { parseDocument } from '../../src/parse/load';

export const ROOT = path.resolve(__dirname, '..', '..');
export const LETTER = path.join(ROOT, 'tei', 'mett-1931-rolland.xml');
export const NO_IDS = path.join(ROOT, 'test', 'fixtures', 'cite', 'no-ids.xml');

/** The model of a TEI file, as build makes it (reading text). */
export function editionOf(file: string, text?: string): Edition {
  const bytes = text === undefined ? readFileSync(file) : Buffer.from(text, 'utf8');
  const loaded = parseDocument(file, bytes);
  if (!loaded.document) throw new Error(`${file}: ${loaded.diagnostics.map((d) => d.message).join('; ')}`);
  return buildEdition(loaded.document, { mode: 'reading' });
}

/** The letter's TEI with its header changed by `edit`: for hostile and unusual metadata. */
export function letterWith(edit: (tei: string) => string): Edition {
  return editionOf(LETTER, edit(readFileSync(LETTER, 'utf8')));
}

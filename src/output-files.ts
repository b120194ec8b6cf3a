/**
 * What every stage that makes files agrees on: an output file, and the safe
 * names of pages. Below render, cite and publish alike, so that none of them
 * imports another for a type or a file name (cite names the page a citation
 * points to; render writes it).
 */

/** One output file, its path relative to the output folder (forward slashes, never '..'). */
export interface OutputFile {
  path: string;
  data: string | Uint8Array;
}

/**
 * A file-name-safe form of an id or siglum: never a path separator, never
 * '..'. Ids come from the TEI, so every output reduces them the same way
 * before they become output file names.
 */
export function fileToken(s: string): string {
  const t = s
    .normalize('NFC')
    .replace(/[^\p{L}\p{N}._-]+/gu, '_')
    .replace(/\.{2,}/g, '.')
    .replace(/^[._]+|[._]+$/g, '');
  return t === '' ? 'document' : t;
}

/** `<id>.html`, or `<id>.<siglum>.html` for a witness build. */
export function pageFileName(editionId: string, witness?: { id: string; siglum: string } | string): string {
  const base = fileToken(editionId);
  if (witness === undefined) return `${base}.html`;
  const sig = typeof witness === 'string' ? witness : witness.siglum || witness.id;
  return `${base}.${fileToken(sig)}.html`;
}

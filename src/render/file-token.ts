/**
 * A file-name-safe form of an id or siglum: never a path separator, never
 * '..'. Ids come from the TEI, so every renderer reduces them the same way
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

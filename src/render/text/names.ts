import type { Edition } from '../../model/types';

/**
 * Output file names: `<id>.<ext>`, or `<id>.<siglum>.<ext>` for a witness
 * build, so that the witness texts sit beside the edited text and never
 * overwrite it. Ids come from the TEI, so they are reduced to safe characters.
 */
export function outputName(edition: Edition, ext: string): string {
  const base = safeToken(edition.id);
  const wanted = edition.options.witness;
  if (!wanted) return `${base}.${ext}`;
  const w = edition.witnesses.find((x) => x.id === wanted) ?? edition.witnesses.find((x) => x.siglum === wanted);
  return `${base}.${safeToken(w?.siglum || wanted)}.${ext}`;
}

export function safeToken(s: string): string {
  const t = s
    .normalize('NFC')
    .replace(/[^\p{L}\p{N}._-]+/gu, '_')
    .replace(/\.{2,}/g, '.')
    .replace(/^[._]+|[._]+$/g, '');
  return t === '' ? 'document' : t;
}

import type { Edition } from '../../model/types';
import { fileToken } from '../names';

/**
 * Output file names: `<id>.<ext>`, or `<id>.<siglum>.<ext>` for a witness
 * build, so that the witness texts sit beside the edited text and never
 * overwrite it. Ids come from the TEI, so they are reduced to safe characters.
 */
export function outputName(edition: Edition, ext: string): string {
  const base = fileToken(edition.id);
  const wanted = edition.options.witness;
  if (!wanted) return `${base}.${ext}`;
  const w = edition.witnesses.find((x) => x.id === wanted) ?? edition.witnesses.find((x) => x.siglum === wanted);
  return `${base}.${fileToken(w?.siglum || wanted)}.${ext}`;
}

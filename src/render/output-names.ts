import type { Edition, ModelOptions } from '../model/types';
import type { RenderOptions } from './types';
import { fileToken } from '../output-files';

/**
 * Output file names, decided here for the text and the PDF:
 *
 *   <id>[.<siglum>][.<variant>].<ext>
 *
 * The siglum is there for a witness build, so that the witness texts sit
 * beside the edited text and never overwrite it. The variant is there for an
 * option that changes a file's content but not its format: the diplomatic
 * text (`.diplomatic.txt`), an A5 or US-letter PDF (`.a5.pdf`, `.letter.pdf`).
 * The default (reading text, A4) has none, so that the names the corpus page,
 * links and citations use never move; the variants sit beside the default
 * instead of replacing it. Ids come from the TEI, so they are reduced to safe
 * characters.
 */
export function outputName(edition: Edition, ext: string, variant?: string): string {
  const parts = [fileToken(edition.id)];
  const wanted = edition.options.witness;
  if (wanted) {
    const w = edition.witnesses.find((x) => x.id === wanted) ?? edition.witnesses.find((x) => x.siglum === wanted);
    parts.push(fileToken(w?.siglum || wanted));
  }
  if (variant) parts.push(variant);
  return `${parts.join('.')}.${ext}`;
}

/** The text's variant: none for the reading text, `diplomatic` for the diplomatic one. */
export function textVariant(mode: ModelOptions['mode']): string | undefined {
  return mode === 'diplomatic' ? 'diplomatic' : undefined;
}

/** The PDF's variant: none for A4 (the default), else the paper's name. */
export function paperVariant(paper: RenderOptions['paper']): string | undefined {
  return paper === undefined || paper === 'a4' ? undefined : paper;
}

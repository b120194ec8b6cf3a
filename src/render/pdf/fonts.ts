import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { inflateSync } from 'node:zlib';
import { scriptOf } from '../script';

/**
 * The fonts of the PDF, and which one sets which script.
 *
 * Typst's own fonts (Libertinus Serif: Latin, polytonic Greek, Cyrillic) set
 * the text; the npm font packages below add the scripts TEI editions are
 * written in. All are Noto faces under the SIL Open Font License 1.1, so the
 * quick start stays `npm ci`. (typst-ts still searches the system's fonts as
 * a last resort; with these faces first, the scripts below never reach it,
 * and the PDF does not depend on the machine that made it.)
 *
 * Fontsource packages ship web fonts only (WOFF/WOFF2, split by script);
 * Typst reads TrueType/OpenType. WOFF 1.0 is the same tables, each
 * zlib-compressed, so it is unpacked here in memory (no file is written) and
 * handed to Typst as a font blob. CJK comes from @embedpdf/fonts-sc, the
 * smallest OpenType CJK package found (Noto Sans CJK SC cut to GB 2312:
 * 6,763 hanzi and kana; no Hangul, not every traditional form): 8 MB for the
 * regular weight, of which only the glyphs used are embedded. Fontsource's
 * Noto Serif SC is 87 MB of WOFF slices, each a face of its own.
 */

/** One face: an npm package, a file inside it, and the family name Typst knows it by. */
export interface FontFile {
  pkg: string;
  file: string;
  family: string;
  /** Scripts (ISO 15924) whose text puts this face first in its stack (fontStack). */
  scripts: readonly string[];
}

function fontsource(
  name: string,
  family: string,
  subsets: readonly string[],
  scripts: readonly string[],
  weights: readonly string[] = ['400-normal', '700-normal'],
): FontFile[] {
  const pkg = `@fontsource/${name}`;
  return subsets.flatMap((subset) => weights.map((w) => ({ pkg, file: `files/${name}-${subset}-${w}.woff`, family, scripts })));
}

/**
 * Every face loaded into Typst. The script faces bring only their script's
 * subset: their Latin would shadow Libertinus' in Typst's fallback search.
 * Noto Serif supplies what Libertinus lacks in Latin (MUFI characters encoded
 * in Unicode: Latin Extended-D abbreviation marks such as ꝑ ꝓ ꝯ, Extended
 * Additional, combining marks), Greek Extended and Cyrillic Extended (Church
 * Slavonic titla).
 */
export const FONT_FILES: readonly FontFile[] = [
  // Whole, not split by script as Fontsource ships it: Typst takes one face per family, so a split face
  // would cover one of its subsets only (measured: Church Slavonic's о҆ fell back to a system font).
  ...['400Regular', '400Regular_Italic', '700Bold', '700Bold_Italic'].map((style) => ({
    pkg: '@expo-google-fonts/noto-serif',
    file: `${style}/NotoSerif_${style}.ttf`,
    family: 'Noto Serif',
    scripts: ['Cyrs'] as string[],
  })),
  ...fontsource('noto-serif-hebrew', 'Noto Serif Hebrew', ['hebrew'], ['Hebr']),
  ...fontsource('noto-naskh-arabic', 'Noto Naskh Arabic', ['arabic'], ['Arab']),
  ...fontsource('noto-sans-syriac', 'Noto Sans Syriac', ['syriac'], ['Syrc']),
  // Regular only: the package has no bold, so bold Coptic is set in the regular weight.
  ...fontsource('noto-sans-coptic', 'Noto Sans Coptic', ['coptic'], ['Copt'], ['400-normal']),
  ...fontsource('noto-serif-armenian', 'Noto Serif Armenian', ['armenian'], ['Armn']),
  ...fontsource('noto-serif-georgian', 'Noto Serif Georgian', ['georgian'], ['Geor']),
  ...fontsource('noto-serif-devanagari', 'Noto Serif Devanagari', ['devanagari'], ['Deva']),
  ...fontsource('noto-serif-thai', 'Noto Serif Thai', ['thai'], ['Thai']),
  // Regular only: each face is 8 MB in every process's memory, and bold CJK is rare in an edition (it is set regular).
  { pkg: '@embedpdf/fonts-sc', file: 'fonts/NotoSansHans-Regular.otf', family: 'Noto Sans S Chinese', scripts: ['Hani', 'Hira', 'Kana', 'Bopo'] },
];

/** Typst's built-in text face: the first of every stack, so that a Latin edition looks as it always did. */
export const BASE_FAMILY = 'Libertinus Serif';

/** The fallback chain after the script's own face: Typst tries each family in turn for a character. */
export const FALLBACK_FAMILIES: readonly string[] = unique([BASE_FAMILY, 'Noto Serif', ...FONT_FILES.map((f) => f.family)]);

/**
 * The font stack for text in `tag`: the script's face first (so that digits
 * and punctuation inside Hebrew take the Hebrew face's forms), then the
 * fallback chain. Latin-script and unknown tags get the chain as is.
 */
export function fontStack(tag: string | undefined): string[] {
  const script = scriptOf(tag);
  const own = script ? FONT_FILES.find((f) => f.scripts.includes(script))?.family : undefined;
  return own ? [own, ...FALLBACK_FAMILIES.filter((f) => f !== own)] : [...FALLBACK_FAMILIES];
}

function unique(list: string[]): string[] {
  return [...new Set(list)];
}

let blobs: Buffer[] | undefined;

/** The font files as Typst reads them (TrueType/OpenType), loaded once per process. */
export function fontBlobs(): Buffer[] {
  blobs ??= FONT_FILES.map((f) => sfnt(readFileSync(fontPath(f))));
  return blobs;
}

/**
 * Absolute path of a face's file, looked up in the node_modules folders Node
 * would search (hoisted and nested installs both work). Not require.resolve:
 * a package's `exports` may hide its font files from it.
 */
export function fontPath(f: FontFile): string {
  for (const dir of require.resolve.paths(f.pkg) ?? []) {
    const file = path.join(dir, f.pkg, f.file);
    if (existsSync(file)) return file;
  }
  throw new Error(`the font ${f.file} of the npm package ${f.pkg} is not installed (run npm ci)`);
}

/** A WOFF 1.0 file unpacked to the TrueType/OpenType font it wraps; any other font is returned as it is. */
export function sfnt(data: Buffer): Buffer {
  if (data.length < 44 || data.toString('latin1', 0, 4) !== 'wOFF') return data;
  const flavor = data.readUInt32BE(4);
  const numTables = data.readUInt16BE(12);
  const tables: { tag: number; checksum: number; body: Buffer }[] = [];
  for (let i = 0; i < numTables; i++) {
    const at = 44 + i * 20;
    const tag = data.readUInt32BE(at);
    const offset = data.readUInt32BE(at + 4);
    const compLength = data.readUInt32BE(at + 8);
    const origLength = data.readUInt32BE(at + 12);
    const checksum = data.readUInt32BE(at + 16);
    const raw = data.subarray(offset, offset + compLength);
    const body = compLength < origLength ? inflateSync(raw) : raw;
    if (body.length !== origLength) throw new Error(`WOFF table ${i}: ${body.length} bytes, expected ${origLength}`);
    tables.push({ tag, checksum, body });
  }
  // The sfnt header's binary-search fields, as the OpenType spec defines them.
  let pow = 1;
  let log = 0;
  while (pow * 2 <= numTables) {
    pow *= 2;
    log++;
  }
  const head = 12 + 16 * numTables;
  const size = tables.reduce((n, t) => n + ((t.body.length + 3) & ~3), head);
  const out = Buffer.alloc(size);
  out.writeUInt32BE(flavor, 0);
  out.writeUInt16BE(numTables, 4);
  out.writeUInt16BE(pow * 16, 6);
  out.writeUInt16BE(log, 8);
  out.writeUInt16BE(numTables * 16 - pow * 16, 10);
  let offset = head;
  tables.forEach((t, i) => {
    const at = 12 + i * 16;
    out.writeUInt32BE(t.tag, at);
    out.writeUInt32BE(t.checksum, at + 4);
    out.writeUInt32BE(offset, at + 8);
    out.writeUInt32BE(t.body.length, at + 12);
    t.body.copy(out, offset);
    offset += (t.body.length + 3) & ~3;
  });
  return out;
}

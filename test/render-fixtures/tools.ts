/**
 * Helpers for the text and PDF renderer tests: external tools (poppler), word
 * comparison, and the corpus list. A missing tool or a missing ../shared
 * makes the tests that need it skip loudly, never pass silently.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { SHARED } from '../shared';

export { SHARED };

export const ROOT = path.resolve(__dirname, '../..');
export const CORPUS = path.join(SHARED, 'corpus');
export const LETTER = path.join(ROOT, 'tei/mett-1931-rolland.xml');
export const LETTER_SOURCE = path.join(SHARED, 'source/mett-1931-open-letter-to-rolland.txt');

export function hasTool(name: string): boolean {
  return spawnSync(name, ['-v'], { encoding: 'utf8' }).error === undefined;
}

/** `test` if every tool is installed, else `test.skip` after a loud warning. */
export function testWithTools(tools: string[], what: string): jest.It {
  const missing = tools.filter((t) => !hasTool(t));
  if (missing.length === 0) return test;
  console.warn(`SKIPPING ${what}: ${missing.join(', ')} not installed (Debian: apt-get install poppler-utils).`);
  return test.skip;
}

/** `test` if every file exists, else `test.skip` after a loud warning. */
export function testWithFiles(files: string[], what: string): jest.It {
  const missing = files.filter((f) => !existsSync(f));
  if (missing.length === 0) return test;
  console.warn(`SKIPPING ${what}: ${missing.join(', ')} not found.`);
  return test.skip;
}

/** Run a poppler tool on PDF bytes (written to a temporary file) and return its stdout. */
export function poppler(tool: 'pdftotext' | 'pdffonts' | 'pdfinfo', pdf: Uint8Array, args: string[] = []): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'tei-pdf-'));
  try {
    const file = path.join(dir, 'in.pdf');
    writeFileSync(file, pdf);
    const out = tool === 'pdftotext' ? [...args, file, '-'] : [...args, file];
    const r = spawnSync(tool, out, { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
    if (r.status !== 0) throw new Error(`${tool} failed: ${r.stderr}`);
    return r.stdout;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * Text extracted from a PDF. A word hyphenated by Typst ends in a soft hyphen
 * and is not joined here: the next line in extraction order may be a note or
 * the next page's head (firstMissingInOrder finds the rest).
 */
export function pdfText(pdf: Uint8Array): string {
  return poppler('pdftotext', pdf, ['-enc', 'UTF-8']);
}

/** A soft hyphen stays in a word: it marks a word hyphenated across a page break (see firstMissingInOrder). */
const WORD = /[\p{L}\p{N}\p{M}\u00ad]+/gu;

/**
 * Words of rendered output, without the renderers' own signs: the calls
 * `[1]` `[a1]` and the editorial brackets [ ] ⟦ ⟧ \ /, which may stand inside
 * a word ("[Caesian]us") and would otherwise cut it in two.
 */
export function outputWords(text: string): string[] {
  const plain = text
    .replace(/\[a?\d+\]/g, '')
    .replace(/\\([^\\/\n]*)\//g, '$1')
    // The model's signs (behaviours.ts SIGNS), which may stand inside a word: "L(ucius)", "a{b}c".
    .replace(/[[\]⟦⟧{}()⸢⸣†]/g, '');
  return plain.match(WORD) ?? [];
}

export function wordsOf(text: string): string[] {
  return text.normalize('NFC').match(WORD) ?? [];
}

/**
 * Index of the first word of `expected` not found, in order, in `actual` (-1
 * when all are). What PDF extraction does to words is allowed for: a note
 * number set as a superscript next to a word comes out glued to it ("Riou2",
 * "1Vertitur" when the call ends a verse);
 * pdftotext joins the halves of a word hyphenated at a line end (it cannot
 * tell "Coudenhove-" from a hyphenation) and splits a word broken at a line
 * end without a hyphen (a long URL); a word hyphenated by Typst resumes at
 * the next word, or at the foot of a page after the notes and the next
 * page's furniture; and combining marks come out doubled or
 * detached, so words are compared without them (see bare).
 */
export function firstMissingInOrder(expected: readonly string[], actual: readonly string[]): number {
  const exp = expected.map(bare);
  const act = actual.map(bare);
  const glued = (a: string, e: string): boolean =>
    a === e || (a.startsWith(e) && /^\d+$/.test(a.slice(e.length))) || (a.endsWith(e) && /^\d+$/.test(a.slice(0, -e.length)));
  const soft = (w: string): string => w.replace(/\u00ad$/, '');
  let j = 0;
  for (let i = 0; i < act.length && j < exp.length; i++) {
    const a = act[i];
    const e = exp[j];
    if (glued(a, e)) {
      j++;
      continue;
    }
    if (j + 1 < exp.length && a === e + exp[j + 1]) {
      j += 2;
      continue;
    }
    // A word extracted in pieces (a line-end break, a detached combining mark): join up to five.
    let acc = soft(a);
    let k = i + 1;
    while (acc !== e && e.startsWith(acc) && acc !== '' && k < act.length && k < i + 5) acc = bare(acc + soft(act[k++]));
    if (acc === e || (k > i + 1 && glued(acc, e))) {
      j++;
      i = k - 1;
      continue;
    }
    if (a.endsWith('\u00ad') && e.startsWith(soft(a))) {
      // Hyphenated at the foot of a page: the rest comes after the notes and the next page's head and line numbers.
      const head = soft(a);
      const n = act.slice(i + 1, i + 1500).findIndex((x) => bare(head + x.replace(/\d+$/, '')) === e);
      if (n >= 0) {
        j++;
        i += n + 1;
      }
    }
  }
  return j === exp.length ? -1 : j;
}

export function bare(word: string): string {
  // Typst maps both glyphs of a letter + combining mark cluster to the whole
  // cluster, so "ə̄" is extracted as "ə̄ə̄": drop marks, then doubled letters, on both sides.
  // A soft hyphen inside a word is only a break opportunity; one at the end marks a page-end hyphenation.
  return word.normalize('NFD').replace(/\p{M}+/gu, '').replace(/\u00ad(?!$)/g, '').replace(/(.)\1+/gu, '$1');
}

export interface CorpusDoc {
  file: string;
  name: string;
  bytes: number;
}

/** The corpus documents jing accepts against TEI P5 (MANIFEST.tsv), or [] when ../shared is absent. */
export function validCorpus(): CorpusDoc[] {
  const manifest = path.join(CORPUS, 'MANIFEST.tsv');
  if (!existsSync(manifest)) return [];
  const [head, ...rows] = readFileSync(manifest, 'utf8').split('\n').filter((l) => l.trim() !== '');
  const cols = head.split('\t');
  const nameCol = cols.indexOf('filename');
  const jingCol = cols.findIndex((c) => c.startsWith('jing_tei_all'));
  const sizeCol = cols.indexOf('size_bytes');
  return rows
    .map((r) => r.split('\t'))
    .filter((c) => c[jingCol] === 'pass')
    .map((c) => ({ file: path.join(CORPUS, c[nameCol]), name: c[nameCol], bytes: Number(c[sizeCol]) }));
}

/** Context around a position in a word list, for failure messages. */
export function around(words: readonly string[], i: number): string {
  return words.slice(Math.max(0, i - 5), i + 8).join(' ');
}

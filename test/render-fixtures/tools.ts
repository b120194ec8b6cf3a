/**
 * Helpers for the text and PDF renderer tests: external tools (poppler), word
 * comparison, and the corpus list. A missing tool or a missing ../shared
 * makes the tests that need it skip loudly, never pass silently.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';

export const ROOT = path.resolve(__dirname, '../..');
export const SHARED = path.resolve(ROOT, '../shared');
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

/** Text extracted from a PDF, with Typst's hyphenation undone (a soft hyphen at a line end). */
export function pdfText(pdf: Uint8Array): string {
  return poppler('pdftotext', pdf, ['-enc', 'UTF-8']).replace(/\u00ad\s*\n\s*/g, '');
}

const WORD = /[\p{L}\p{N}\p{M}]+/gu;

/**
 * Words of rendered output, without the renderers' own signs: the calls
 * `[1]` `[a1]` and the editorial brackets [ ] ⟦ ⟧ \ /, which may stand inside
 * a word ("[Caesian]us") and would otherwise cut it in two.
 */
export function outputWords(text: string): string[] {
  const plain = text
    .replace(/\[a?\d+\]/g, '')
    .replace(/\\([^\\/\n]*)\//g, '$1')
    .replace(/[[\]⟦⟧]/g, '');
  return plain.match(WORD) ?? [];
}

export function wordsOf(text: string): string[] {
  return text.normalize('NFC').match(WORD) ?? [];
}

/**
 * Index of the first word of `expected` not found, in order, in `actual` (-1
 * when all are). Two expected words may come as one: pdftotext joins the
 * halves of a word hyphenated at a line end, and cannot tell "Coudenhove-"
 * (a real hyphen) from a hyphenation.
 */
export function firstMissingInOrder(expected: readonly string[], actual: readonly string[]): number {
  let j = 0;
  for (let i = 0; i < actual.length && j < expected.length; i++) {
    if (actual[i] === expected[j]) j++;
    else if (j + 1 < expected.length && actual[i] === expected[j] + expected[j + 1]) j += 2;
  }
  return j === expected.length ? -1 : j;
}

/** Words of `expected` missing from `actual`, counted as multisets. */
export function missingWords(expected: readonly string[], actual: readonly string[]): string[] {
  const have = new Map<string, number>();
  for (const w of actual) have.set(w, (have.get(w) ?? 0) + 1);
  const missing: string[] = [];
  for (const w of expected) {
    const n = have.get(w) ?? 0;
    if (n > 0) have.set(w, n - 1);
    else missing.push(w);
  }
  return missing;
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

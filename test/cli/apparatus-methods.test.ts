/**
 * The same three-witness edition encoded in every TEI apparatus method
 * (test/fixtures/apparatus/: parallel segmentation, double-end-point
 * attachment internal and external, location reference) publishes the same
 * thing: identical .txt bytes, identical pdftotext output, identical HTML
 * apparatus entries, for the base text and for each witness. The outputs are
 * compared with each other, and then the words are checked, so that four
 * equally wrong outputs cannot pass.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { edition, expectNoStackTrace, ROOT } from './run';
import { tempDir } from '../temp';
import { hasTool, pdfText } from '../render-fixtures/tools';

const DIR = path.join(ROOT, 'test', 'fixtures', 'apparatus');
const METHODS = ['ps', 'depa-internal', 'depa-external', 'lr'] as const;
const BUILDS = ['base', 'A', 'B', 'C'] as const;
const PDF = hasTool('pdftotext');
if (!PDF) process.stderr.write('SKIPPED: the PDF comparison of the apparatus methods (pdftotext not installed: apt-get install poppler-utils)\n');

interface Built {
  txt: string;
  pdf?: string;
  html: string;
  stderr: string;
}

const built = new Map<string, Built>();

function build(method: string, witness: string): Built {
  const out = tempDir('edition-methods-');
  const args = ['build', path.join(DIR, `${method}.xml`), '--out', out, '--format', PDF ? 'html,txt,pdf' : 'html,txt'];
  if (witness !== 'base') args.push('--witness', witness);
  const r = edition(args);
  expectNoStackTrace(r);
  if (r.code !== 0) throw new Error(`${method} ${witness}: exit ${r.code}\n${r.stderr}`);
  const file = (ext: string): string => path.join(out, readdirSync(out).find((f) => f.endsWith(ext)) ?? `missing${ext}`);
  return {
    txt: readFileSync(file('.txt'), 'utf8'),
    ...(PDF ? { pdf: pdfText(readFileSync(file('.pdf'))) } : {}),
    html: readFileSync(file('.html'), 'utf8'),
    stderr: r.stderr,
  };
}

const get = (method: string, witness: string): Built => built.get(`${method} ${witness}`) as Built;

/** The entries of the HTML apparatus list as their reader sees them (tags dropped, entities decoded). */
function htmlEntries(html: string): string[] {
  const section = /<section id="apparatus"[\s\S]*?<\/section>/.exec(html)?.[0] ?? '';
  return [...section.matchAll(/<li id="app-[^"]*"[^>]*>([\s\S]*?)<\/li>/g)].map((m) => textOf(m[1]));
}

/** The lemma of each entry as HTML (its markup is what is compared). */
function htmlLemmas(html: string): string[] {
  const section = /<section id="apparatus"[\s\S]*?<\/section>/.exec(html)?.[0] ?? '';
  return [...section.matchAll(/<li id="app-[^"]*"[^>]*>([\s\S]*?)<\/li>/g)]
    .map((m) => /<span class="lem">([\s\S]*?)<\/span> <span class="(?:sigla|ed-mark)"/.exec(m[1])?.[1] ?? '');
}

function textOf(fragment: string): string {
  return fragment
    .replace(/<[^>]+>/g, '')
    .replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ')
    .trim();
}

/** The reading text of a .txt output: the paragraphs between the title rule and the witness list. */
function readingText(txt: string): string {
  const body = txt.split(/^=+$/m)[1] ?? '';
  return body.split(/^Witnesses$/m)[0].replace(CALL, '').replace(/\s+/g, ' ').trim();
}

/** An apparatus call in the plain text ([a1] today). */
const CALL = /\[[a-z]?\d+\]/g;

const diplomatic = new Map<string, string>();

beforeAll(() => {
  for (const method of METHODS) {
    for (const witness of BUILDS) built.set(`${method} ${witness}`, build(method, witness));
    const out = tempDir('edition-methods-');
    const r = edition(['build', path.join(DIR, `${method}.xml`), '--out', out, '--format', 'txt', '--text-mode', 'diplomatic']);
    if (r.code !== 0) throw new Error(`${method} diplomatic: exit ${r.code}\n${r.stderr}`);
    diplomatic.set(method, readFileSync(path.join(out, readdirSync(out).find((f) => f.endsWith('.txt')) ?? 'missing.txt'), 'utf8'));
  }
}, 300_000);

test.each(METHODS.slice(1).map((m) => [m]))('%s: the same diplomatic .txt bytes as parallel segmentation (sic inside a span)', (method) => {
  expect(diplomatic.get(method)).toBe(diplomatic.get('ps'));
  expect(readingText(diplomatic.get(method) ?? '')).toContain('the brown dgo barked');
});

describe.each(BUILDS.map((b) => [b]))('the four encodings, build %s', (witness) => {
  test.each(METHODS.slice(1).map((m) => [m]))('%s: the same .txt bytes as parallel segmentation', (method) => {
    expect(get(method, witness).txt).toBe(get('ps', witness).txt);
  });

  (PDF ? test.each : test.skip.each)(METHODS.slice(1).map((m) => [m]))('%s: the same pdftotext output as parallel segmentation', (method) => {
    expect(get(method, witness).pdf).toBe(get('ps', witness).pdf);
  });

  test.each(METHODS.slice(1).map((m) => [m]))('%s: the same HTML apparatus entries as parallel segmentation', (method) => {
    expect(htmlEntries(get(method, witness).html)).toEqual(htmlEntries(get('ps', witness).html));
    expect(htmlLemmas(get(method, witness).html)).toEqual(htmlLemmas(get('ps', witness).html));
  });

  test.each(METHODS.map((m) => [m]))('%s: builds without a finding', (method) => {
    expect(get(method, witness).stderr).toContain('0 errors, 0 warnings');
  });
});

describe('what the encodings publish', () => {
  test('the base text is the lemma text, with one call per entry', () => {
    const txt = get('ps', 'base').txt;
    expect(readingText(txt)).toBe('The quick fox wrote to Ida Mett very early. Then the brown dog barked at night, said Ida.');
    const calls = (txt.split(/^Witnesses$/m)[0].match(CALL) ?? []).length;
    // Six variants and the correction inside the fourth.
    expect(calls).toBe(7);
  });

  test.each([
    ['A', 'The quick fox wrote to Ida Mett very early. Then the brown dog barked at night, said Ida.'],
    ['B', 'The swift fox wrote to Ida Mett very early. Then the grey cat barked loudly at night, said Ida.'],
    ['C', 'The quick fox wrote to Ada Mett early. Then the brown dog barked at night, said she.'],
  ])('witness %s reads its own words (omission, addition, inside a name, across a hi and a choice)', (witness, words) => {
    for (const method of METHODS) expect([method, readingText(get(method, witness).txt)]).toEqual([method, words]);
  });

  test('the apparatus entries, in every encoding: lemma, readings and sigla of each', () => {
    const expected = [
      /quick A C\b.*swift B/, /Ida A B\b.*Ada C/, /very A B\b.*om\. C/, /brown dog A C\b.*grey cat B/, /dog\b.*dgo/, /om\. A C\b.*loudly B/, /Ida A B\b.*she C/,
    ];
    for (const method of METHODS) {
      const entries = htmlEntries(get(method, 'base').html);
      expect([method, entries.length]).toEqual([method, expected.length]);
      entries.forEach((entry, i) => expect([method, entry]).toEqual([method, expect.stringMatching(expected[i])]));
    }
  });

  test('a lemma keeps the markup of its span: the italic across the hi boundary, the person name', () => {
    for (const method of METHODS) {
      const lemmas = htmlLemmas(get(method, 'base').html);
      expect([method, lemmas[3]]).toEqual([method, expect.stringMatching(/^<i>brown<\/i> <span class="alt[^"]*"[^>]*>dog<\/span>$/)]);
      expect([method, lemmas[6]]).toEqual([method, expect.stringContaining('class="ent ent-person" href="#ent-ida">Ida</a>')]);
    }
  });

  (PDF ? test : test.skip)('the PDF of witness B prints B\'s words and the lemma after them', () => {
    const pdf = get('depa-external', 'B').pdf ?? '';
    expect(pdf).toContain('The swift fox wrote to Ida Mett very early.');
    expect(pdf).toMatch(/grey cat B\b/);
    expect(pdf).toMatch(/brown dog A C\b/);
  });

  test('no lemma of an external apparatus prints as a stray paragraph', () => {
    const txt = get('depa-external', 'base').txt;
    expect(txt.match(/quick/g)).toHaveLength(2); // once in the text, once in the apparatus
    expect(txt).not.toMatch(/brown dog\s+Ida/);
  });
});

/**
 * The speed work on the DOM build (src/parse) and the rules (src/check/rules)
 * must not change a single finding nor a single node of the tree. This test
 * compares, per document, the well-formedness findings, the rules' findings
 * (file, line, column, severity, rule, message, hint, in the order they are
 * made) and the tree itself (every node with its position) against
 * expectations stored in test/fixtures/rules-sameness/expected.json.
 *
 * Those expectations were written by the code as it was before the speed
 * work (commit "Sameness fixtures…"), not by the code under test; when a rule
 * changes on purpose, write them again with
 *   UPDATE_SAMENESS=1 npx jest test/rules/sameness.test.ts
 * and say in the commit which findings changed and why.
 *
 * Documents: the letter, every fixture of the rules' own tests, every XML
 * document of ../shared/corpus (skipped loudly without it), the generated
 * 4 MB novel of the benchmarks, and 150 mutations of the letter (fixed seed).
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { makeNovel } from '../../src/bench/novel';
import type { Diagnostic } from '../../src/diagnostic';
import { runRules } from '../../src/check/rules';
import { loadDocument, loadText, parseDocument, type LoadResult } from '../../src/parse/load';
import { mutate, prng } from '../schema/mutate';
import { SHARED, saySkipped, xmlFilesUnder } from '../shared';

const ROOT = path.resolve(__dirname, '..', '..');
const EXPECTED = path.join(ROOT, 'test', 'fixtures', 'rules-sameness', 'expected.json');
const LETTER = path.join(ROOT, 'tei', 'mett-1931-rolland.xml');
const CORPUS = path.join(SHARED, 'corpus');
const MUTATIONS = 150;
const UPDATE = process.env.UPDATE_SAMENESS === '1';

interface Digest {
  /** Findings of the load (xml layer) and of the rules, counted by rule id. */
  byRule: Record<string, number>;
  /** sha256 of every finding, one line each, in the order they were made. */
  findings: string;
  /** sha256 of the tree: every node, its name, namespace, value and position, attributes included. */
  tree: string;
}

function sha(lines: readonly string[]): string {
  const h = createHash('sha256');
  for (const l of lines) h.update(l).update('\n');
  return h.digest('hex');
}

/** The file name is left out: documents are compared wherever they sit. */
function findingLine(d: Diagnostic): string {
  // Some hints name the file (`edition ids --write <file>`), and a refused inclusion names the folders
  // it reads from (/…/shared/corpus): where the checkout or ../shared sits must not count.
  const line = `${d.line}:${d.column} ${d.severity} ${d.source} ${d.ruleId} ${d.message} | ${d.hint ?? ''}`;
  return line.split(d.file).join('<file>').split(SHARED).join('<shared>');
}

function treeLines(doc: Document): string[] {
  const out: string[] = [];
  const pos = (n: unknown): string => {
    const l = n as { lineNumber?: number; columnNumber?: number };
    return `${l.lineNumber ?? '-'}:${l.columnNumber ?? '-'}`;
  };
  const visit = (n: Node, depth: number): void => {
    const value = n.nodeType === 1 || n.nodeType === 9 ? '' : JSON.stringify(n.nodeValue);
    out.push(`${depth} ${n.nodeType} ${n.nodeName} ${(n as Element).namespaceURI ?? ''} ${pos(n)} ${value}`);
    if (n.nodeType === 1) {
      const attrs = (n as Element).attributes;
      for (let i = 0; i < attrs.length; i++) {
        const a = attrs[i];
        out.push(`${depth} @${a.name} ${a.namespaceURI ?? ''} ${pos(a)} ${JSON.stringify(a.value)}`);
      }
    }
    for (let c = n.firstChild; c; c = c.nextSibling) visit(c, depth + 1);
  };
  visit(doc, 0);
  return out;
}

function digest(loaded: LoadResult): Digest {
  const found = [...loaded.diagnostics];
  if (loaded.document) for (const d of runRules(loaded.document)) found.push(d);
  const byRule: Record<string, number> = {};
  for (const d of found) byRule[d.ruleId] = (byRule[d.ruleId] ?? 0) + 1;
  return {
    byRule: Object.fromEntries(Object.entries(byRule).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))),
    findings: sha(found.map(findingLine)),
    tree: loaded.document ? sha(treeLines(loaded.document.doc)) : '(no tree)',
  };
}

const stored: Record<string, Digest> = existsSync(EXPECTED) ? (JSON.parse(readFileSync(EXPECTED, 'utf8')) as Record<string, Digest>) : {};
const written: Record<string, Digest> = {};

function check(key: string, actual: Digest): void {
  if (UPDATE) {
    written[key] = actual;
    return;
  }
  expect({ key, ...actual }).toEqual({ key, ...stored[key] });
}

afterAll(() => {
  if (!UPDATE) return;
  // Keys sorted, one document per line group: a change shows as a small diff.
  const merged = { ...stored, ...written };
  const sorted = Object.fromEntries(Object.keys(merged).sort().map((k) => [k, merged[k]]));
  writeFileSync(EXPECTED, `${JSON.stringify(sorted, null, 1)}\n`);
});

describe('findings and trees are those of the reference expectations', () => {
  it('on the letter', async () => {
    check('letter', digest(await loadDocument(LETTER)));
  });

  it("on every fixture of the rules' tests", () => {
    const dir = path.join(ROOT, 'test', 'fixtures', 'rules');
    const files = xmlFilesUnder(dir);
    expect(files.length).toBeGreaterThan(40);
    for (const f of files) check(`fixtures/${path.relative(dir, f).split(path.sep).join('/')}`, digest(parseDocument(f, readFileSync(f))));
  });

  const haveCorpus = existsSync(CORPUS);
  if (!haveCorpus) saySkipped(`no corpus at ${CORPUS}: the findings on real documents were not compared`);
  (haveCorpus ? it : it.skip)('on every document of ../shared/corpus', async () => {
    const files = xmlFilesUnder(CORPUS);
    for (const f of files) check(`corpus/${path.relative(CORPUS, f).split(path.sep).join('/')}`, digest(await loadDocument(f)));
  }, 120_000);

  it('on the generated 4 MB novel of the benchmarks', () => {
    check('novel-4MiB', digest(parseDocument('novel.xml', Buffer.from(makeNovel(4 * 1024 * 1024)))));
  }, 120_000);

  it(`on ${MUTATIONS} mutations of the letter (fixed seed)`, async () => {
    const base = (await loadText(LETTER)).text as string;
    const rand = prng(18_2026);
    for (let i = 0; i < MUTATIONS; i++) {
      const m = mutate(base, rand);
      check(`mutation/${String(i).padStart(3, '0')}`, digest(parseDocument('m.xml', Buffer.from(m.text))));
    }
  }, 120_000);
});

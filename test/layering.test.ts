/**
 * The stages' layering, read from the import graph of src/ (issue 14,
 * Deliver 6), so that it stays true:
 *
 * - cite and render never reach each other: publish hands render the
 *   citations (RenderOptions.citations, src/publish/citations.ts), and what
 *   both need (OutputFile, page names, the HTML escape, CitationData and its
 *   URLs) sits below them (src/output-files.ts, src/text/, src/model/citation.ts);
 * - parse and model never reach check, cite, render, publish or cli: the
 *   Diagnostic type is src/diagnostic.ts, below every stage.
 *
 * "Reach" is transitive: a model file that imports a register helper that
 * imports a check rule depends on check as surely as a direct import.
 * Type-only imports count too: they tie the stages' code together as much.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';

const SRC = path.resolve(__dirname, '../src');

/**
 * Imports known to cross a line, each to be switched by the lead after the
 * branches that rewrite the file are merged (issue 14: the PDF writer is
 * being rewritten by another engineer). The test fails when one is no
 * longer there, so that the list only shrinks.
 */
const PENDING: readonly string[] = [];

function sourceFiles(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) out.push(...sourceFiles(full));
    else if (name.endsWith('.ts')) out.push(full);
  }
  return out;
}

const IMPORT = [
  /^\s*(?:import|export)\s[^;]*?\sfrom\s+'(\.[^']+)'/gm,
  /^\s*import\s+'(\.[^']+)'/gm,
  /\bimport\(\s*'(\.[^']+)'\s*\)/g,
  /\brequire\(\s*'(\.[^']+)'\s*\)/g,
];

function resolveImport(from: string, spec: string): string | undefined {
  const base = path.resolve(path.dirname(from), spec);
  for (const candidate of [base, `${base}.ts`, path.join(base, 'index.ts')]) {
    try {
      if (statSync(candidate).isFile() && candidate.endsWith('.ts')) return candidate;
    } catch {
      // not this candidate
    }
  }
  return undefined;
}

/** File (relative to src/) → the files it imports (relative to src/). */
function importGraph(): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  for (const file of sourceFiles(SRC)) {
    const text = readFileSync(file, 'utf8');
    const targets = new Set<string>();
    for (const re of IMPORT) {
      for (const m of text.matchAll(re)) {
        const target = resolveImport(file, m[1]);
        if (target) targets.add(path.relative(SRC, target).split(path.sep).join('/'));
      }
    }
    graph.set(path.relative(SRC, file).split(path.sep).join('/'), [...targets].sort());
  }
  return graph;
}

const stageOf = (file: string): string => (file.includes('/') ? file.slice(0, file.indexOf('/')) : file);

/**
 * For each file of `from`, the shortest import chain to a file of a stage in
 * `forbidden`, skipping the PENDING edges; as readable lines.
 */
function violations(graph: Map<string, string[]>, from: string, forbidden: readonly string[]): string[] {
  const out: string[] = [];
  for (const start of [...graph.keys()].filter((f) => stageOf(f) === from)) {
    const parent = new Map<string, string>([[start, '']]);
    const queue = [start];
    let hit: string | undefined;
    while (queue.length > 0 && hit === undefined) {
      const f = queue.shift()!;
      for (const t of graph.get(f) ?? []) {
        if (parent.has(t) || PENDING.includes(`${f} -> ${t}`)) continue;
        parent.set(t, f);
        if (forbidden.includes(stageOf(t))) {
          hit = t;
          break;
        }
        queue.push(t);
      }
    }
    if (hit === undefined) continue;
    const chain: string[] = [];
    for (let f: string = hit; f !== ''; f = parent.get(f)!) chain.unshift(f);
    out.push(chain.join(' → '));
  }
  return out;
}

const graph = importGraph();

describe('layering of src/ (the import graph)', () => {
  test('the graph is read: every stage has files, and known imports are found', () => {
    for (const stage of ['parse', 'check', 'model', 'render', 'cite', 'publish']) expect([...graph.keys()].some((f) => stageOf(f) === stage)).toBe(true);
    expect(graph.get('publish/citations.ts')).toEqual(expect.arrayContaining(['cite/format.ts', 'render/types.ts']));
    // A type-only import and a dynamic import are edges too.
    expect(graph.get('render/types.ts')).toContain('output-files.ts');
    expect(graph.get('publish/corpus.ts')).toContain('render/index.ts');
  });

  test('cite never reaches render', () => {
    expect(violations(graph, 'cite', ['render'])).toEqual([]);
  });

  test('render never reaches cite (publish hands it the citations)', () => {
    expect(violations(graph, 'render', ['cite'])).toEqual([]);
  });

  test('parse never reaches check, model, cite, render, publish or cli', () => {
    expect(violations(graph, 'parse', ['check', 'model', 'cite', 'render', 'publish', 'cli'])).toEqual([]);
  });

  test('model never reaches check, cite, render, publish or cli', () => {
    expect(violations(graph, 'model', ['check', 'cite', 'render', 'publish', 'cli'])).toEqual([]);
  });

  test('the pending crossings are still there (remove them from PENDING once switched)', () => {
    for (const edge of PENDING) {
      const [from, to] = edge.split(' -> ');
      expect(graph.get(from) ?? []).toContain(to);
    }
  });
});

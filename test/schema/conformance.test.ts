/**
 * The project schema (schemas/tei-edition.rng) against its fixtures, against the official TEI P5
 * schema, and against its own generator.
 *
 * Invalid fixtures state their expectation in their first comment:
 *   <!-- expect-error: sp; tei-all: valid. Why ... -->
 * "expect-error" names the element the project schema must complain about; "tei-all" says
 * whether the official schema accepts the document (valid: TEI P5 that the customisation
 * leaves out; invalid: not TEI P5 at all).
 */
import * as fs from 'fs';
import * as path from 'path';
import { validateXML, type XMLValidationError } from 'xmllint-wasm';
import { makeSchema, type Whitelist } from '../../src/tools/make-schema';
import { SHARED } from '../shared';

const ROOT = path.resolve(__dirname, '../..');
const TEI_ALL = path.join(SHARED, 'reference', 'tei_all.rng');
const SCHEMA = path.join(ROOT, 'schemas', 'tei-edition.rng');
const WHITELIST = path.join(ROOT, 'schemas', 'tei-edition.elements.json');
const FIXTURES = path.join(ROOT, 'test', 'fixtures', 'schema');
const TEI_DIR = path.join(ROOT, 'tei');

interface Doc {
  /** Unique name handed to xmllint, and shown in test names. */
  name: string;
  contents: string;
}

interface InvalidDoc extends Doc {
  element: string;
  teiAll: 'valid' | 'invalid';
}

function xmlFiles(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  // recursive: editions may be kept in sub-folders of tei/.
  return (fs.readdirSync(dir, { recursive: true }) as string[])
    .filter((f) => f.endsWith('.xml'))
    .map((f) => f.split(path.sep).join('/'))
    .sort();
}

function load(dir: string, prefix: string): Doc[] {
  return xmlFiles(dir).map((f) => ({ name: `${prefix}/${f}`, contents: fs.readFileSync(path.join(dir, f), 'utf8') }));
}

const validDocs = load(path.join(FIXTURES, 'valid'), 'valid');
const invalidDocs: InvalidDoc[] = load(path.join(FIXTURES, 'invalid'), 'invalid').map((d) => {
  const m = /<!--\s*expect-error:\s*([\w:.-]+)\s*;\s*tei-all:\s*(valid|invalid)\b/.exec(d.contents);
  if (!m) throw new Error(`${d.name}: first comment must say "expect-error: <element>; tei-all: valid|invalid"`);
  return { ...d, element: m[1], teiAll: m[2] as 'valid' | 'invalid' };
});
const teiDocs = load(TEI_DIR, 'tei');

const haveShared = fs.existsSync(TEI_ALL);
if (!haveShared) {
  console.warn(
    `\n*** ${TEI_ALL} not found: SKIPPING the TEI P5 conformance and schema-regeneration tests. ***\n` +
      '*** They are what proves the project schema is a subset of TEI P5; run them where ../shared exists. ***\n',
  );
}
const withShared = haveShared ? test : test.skip;

type Results = Map<string, XMLValidationError[]>;

/** Validates all documents with one compiled schema; returns the errors of each document. */
async function validateBatch(docs: Doc[], schemaName: string, schema: string): Promise<Results> {
  const result = await validateXML({
    xml: docs.map((d) => ({ fileName: d.name, contents: d.contents })),
    schema: [{ fileName: schemaName, contents: schema }],
    extension: 'relaxng',
    // tei_all.rng needs more than the default 16 MiB while libxml2 compiles it.
    maxMemoryPages: 16384,
  });
  const byFile: Results = new Map(docs.map((d) => [d.name, []]));
  const unplaced: string[] = [];
  for (const e of result.errors) {
    // xmllint's per-file verdict lines come through as unlocated "errors"; the located ones carry the reasons.
    const verdict = / (fails to validate|validates)$/.exec(e.rawMessage.trim());
    if (verdict && byFile.has(e.rawMessage.trim().slice(0, verdict.index))) continue;
    const list = e.loc ? byFile.get(e.loc.fileName) : undefined;
    if (list) list.push(e);
    else unplaced.push(e.rawMessage);
  }
  // An error we cannot attribute (a schema that fails to compile, say) must not pass as "valid".
  if (unplaced.length) throw new Error(`xmllint errors outside any document:\n${unplaced.join('\n')}\n${result.rawOutput}`);
  for (const d of docs) {
    if (new RegExp(`^${escapeRe(d.name)} fails to validate$`, 'm').test(result.rawOutput) && byFile.get(d.name)?.length === 0) {
      throw new Error(`${d.name} failed to validate without a located error:\n${result.rawOutput}`);
    }
  }
  return byFile;
}

function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function describeErrors(errors: XMLValidationError[] | undefined): string {
  return (errors ?? []).map((e) => e.rawMessage).join('\n');
}

const allDocs: Doc[] = [...validDocs, ...teiDocs, ...invalidDocs];
let projectRun: Promise<Results> | undefined;
/** Both suites below need the project schema's verdicts; compile it once. */
function projectResults(): Promise<Results> {
  projectRun ??= validateBatch(allDocs, 'tei-edition.rng', fs.readFileSync(SCHEMA, 'utf8'));
  return projectRun;
}

describe('schemas/tei-edition.rng', () => {
  let results: Results;

  beforeAll(async () => {
    results = await projectResults();
  });

  test('has fixtures to check', () => {
    expect(validDocs.length).toBeGreaterThanOrEqual(5);
    expect(invalidDocs.length).toBeGreaterThanOrEqual(3);
  });

  test.each(validDocs.map((d) => d.name))('accepts %s', (name) => {
    const errors = results.get(name);
    expect(describeErrors(errors)).toBe('');
  });

  test.each(invalidDocs.map((d) => [d.name, d.element]))('rejects %s, naming <%s>', (name, element) => {
    const errors = results.get(name) ?? [];
    expect(errors.length).toBeGreaterThan(0);
    const mentions = errors.some((e) => new RegExp(`\\b${escapeRe(element)}\\b`).test(e.message));
    if (!mentions) throw new Error(`no error names <${element}>:\n${describeErrors(errors)}`);
  });

  // The project's own editions are what the schema is for.
  if (teiDocs.length) {
    test.each(teiDocs.map((d) => d.name))('accepts the edition %s', (name) => {
      expect(describeErrors(results.get(name))).toBe('');
    });
  } else {
    test.skip('accepts the editions in tei/ (none found)', () => undefined);
  }
});

describe('conformance: what the project schema accepts is valid TEI P5 (tei_all.rng)', () => {
  // Every document the project schema accepts, plus the invalid fixtures, whose tei-all
  // expectation shows the customisation is strictly smaller than TEI P5, not merely different.
  let project: Results;
  let official: Results;
  const all = allDocs;

  beforeAll(async () => {
    if (!haveShared) return;
    project = await projectResults();
    // One batch: compiling tei_all.rng takes about 15 s, so it is compiled once for all files.
    official = await validateBatch(all, 'tei_all.rng', fs.readFileSync(TEI_ALL, 'utf8'));
  }, 300_000);

  withShared('every document the project schema accepts is valid against tei_all.rng', () => {
    const accepted = all.filter((d) => project.get(d.name)?.length === 0);
    // The valid fixtures at least must be in the set, or this test proves nothing.
    expect(accepted.map((d) => d.name)).toEqual(expect.arrayContaining(validDocs.map((d) => d.name)));
    const failures = accepted
      .filter((d) => (official.get(d.name) ?? []).length > 0)
      .map((d) => `${d.name}:\n${describeErrors(official.get(d.name))}`);
    expect(failures).toEqual([]);
  });

  withShared.each(invalidDocs.map((d) => [d.name, d.teiAll]))('%s is %s against tei_all.rng', (name, expected) => {
    const errors = official.get(name) ?? [];
    if (expected === 'valid') expect(describeErrors(errors)).toBe('');
    else expect(errors.length).toBeGreaterThan(0);
  });
});

describe('the committed schema matches its generator', () => {
  withShared('regenerating from tei_all.rng and the whitelist gives schemas/tei-edition.rng byte for byte', () => {
    const whitelist = JSON.parse(fs.readFileSync(WHITELIST, 'utf8')) as Whitelist;
    const fresh = makeSchema(fs.readFileSync(TEI_ALL, 'utf8'), whitelist).rng;
    const committed = fs.readFileSync(SCHEMA, 'utf8');
    if (fresh !== committed) {
      const a = fresh.split('\n');
      const b = committed.split('\n');
      let i = 0;
      while (i < a.length && a[i] === b[i]) i++;
      throw new Error(
        `schemas/tei-edition.rng differs from the generator's output from line ${i + 1}:\n` +
          `  generated: ${a[i] ?? '(end of file)'}\n  committed: ${b[i] ?? '(end of file)'}\n` +
          'Do not edit it by hand: change schemas/tei-edition.elements.json or src/tools/make-schema.ts, then run\n' +
          '  npx tsc -p tsconfig.json && node dist/tools/make-schema.js',
      );
    }
  });

  test('admits every whitelisted element and nothing else', () => {
    const whitelist = JSON.parse(fs.readFileSync(WHITELIST, 'utf8')) as Whitelist;
    const listed = [...new Set(whitelist.groups.flatMap((g) => g.elements))].sort();
    const declared = [...fs.readFileSync(SCHEMA, 'utf8').matchAll(/<element name="([^"]+)"/g)].map((m) => m[1]);
    expect([...new Set(declared)].sort()).toEqual(listed);
  });
});

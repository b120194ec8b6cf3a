/**
 * Every XPath of the project's Schematron (schemas/tei-edition.sch) compiles
 * in our subset and gives SaxonJS's results, on the letter, the sample
 * fixture and several documents of ../shared/corpus: rule contexts (as
 * `//(context)`), assert/report tests, value-of selects and subjects, with
 * the schema's `$header` bound and each rule's own lets.
 */
import { DOMParser } from '@xmldom/xmldom';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { compileXPath, type Sequence } from '../../src/check/xpath';
import { saySkipped, SHARED } from '../shared';
import { Oracle, type Outcome } from './oracle';

const ROOT = path.resolve(__dirname, '..', '..');
const SCH_NS = 'http://purl.oclc.org/dsdl/schematron';
const CORPUS = path.join(SHARED, 'corpus');
const CORPUS_FILES = [
  'escher_K0301_letter.xml',
  'schnitzler_L02792_letter.xml',
  'teipublisher_demo_let695_vangogh_letter.xml',
  'dta_soldatenbriefe_letter-050.xml',
  'teistylesheets_Test_testapp2.xml',
  'isicily_ISic000537_epidoc.xml',
  'pta0040.pta001.grc1_apparatus.xml',
];

interface Probe {
  what: string;
  expr: string;
}

/** The schema's XPaths as probes evaluated from the document node. */
function readSchema(): { ns: Record<string, string>; header: string; probes: Probe[]; all: string[] } {
  const doc = new DOMParser().parseFromString(readFileSync(path.join(ROOT, 'schemas', 'tei-edition.sch'), 'utf8'), 'text/xml') as unknown as Document;
  const byTag = (parent: Element | Document, local: string): Element[] => Array.from(parent.getElementsByTagNameNS(SCH_NS, local));
  const ns: Record<string, string> = {};
  for (const n of byTag(doc, 'ns')) ns[n.getAttribute('prefix')!] = n.getAttribute('uri')!;
  const globalLet = byTag(doc, 'let').find((l) => (l.parentNode as Element).localName === 'schema')!;
  const header = globalLet.getAttribute('value')!;
  const diagnostics = new Map(byTag(doc, 'diagnostic').map((d) => [d.getAttribute('id')!, d]));
  const probes: Probe[] = [];
  const all: string[] = [header];
  for (const rule of byTag(doc, 'rule')) {
    const context = rule.getAttribute('context')!;
    all.push(context);
    const lets = byTag(rule, 'let').map((l) => `let $${l.getAttribute('name')} := (${l.getAttribute('value')}) return `);
    for (const l of byTag(rule, 'let')) all.push(l.getAttribute('value')!);
    const inRule = (x: string): string => `(//(${context})) ! (${lets.join('')}(${x}))`;
    probes.push({ what: `context ${context}`, expr: `//(${context})` });
    for (const check of [...byTag(rule, 'assert'), ...byTag(rule, 'report')]) {
      const test = check.getAttribute('test')!;
      all.push(test);
      probes.push({ what: `test ${test}`, expr: inRule(`boolean(${test})`) });
      const subject = check.getAttribute('subject');
      if (subject) {
        all.push(subject);
        probes.push({ what: `subject ${subject}`, expr: inRule(subject) });
      }
      const texts = [check, ...(check.getAttribute('diagnostics') ?? '').split(/\s+/).filter(Boolean).map((id) => diagnostics.get(id)!)];
      for (const t of texts)
        for (const v of byTag(t, 'value-of')) {
          const select = v.getAttribute('select')!;
          all.push(select);
          probes.push({ what: `value-of ${select}`, expr: inRule(`string-join((${select}) ! string(.), ' ')`) });
        }
    }
  }
  return { ns, header, probes, all };
}

const schema = readSchema();

/** Probes whose result on the last compared document was not empty and not an error (so that agreement is not vacuous). */
let lastNonEmpty = 0;

function compare(file: string): string[] {
  lastNonEmpty = 0;
  const oracle = new Oracle(readFileSync(file, 'utf8'));
  // $header, bound on each side from its own evaluation of the schema's <let>.
  const ours: Sequence = compileXPath(schema.header, schema.ns).evaluate(oracle.dom, new Map());
  const saxonHeader = oracle.saxonNodes(schema.header, schema.ns);
  const out: string[] = [];
  const headerCheck = [oracle.saxon(schema.header, schema.ns), oracle.ours(schema.header, schema.ns)];
  if (JSON.stringify(headerCheck[0]) !== JSON.stringify(headerCheck[1])) out.push(`$header differs on ${file}`);
  for (const p of schema.probes) {
    const theirs: Outcome = oracle.saxon(p.expr, schema.ns, undefined, { header: saxonHeader });
    const mine: Outcome = oracle.ours(p.expr, schema.ns, undefined, new Map([['header', ours]]));
    if ('items' in mine && mine.items.length > 0) lastNonEmpty++;
    if (JSON.stringify(theirs) !== JSON.stringify(mine)) out.push(`${path.basename(file)}: ${p.what}\n  saxon: ${JSON.stringify(theirs).slice(0, 300)}\n  ours:  ${JSON.stringify(mine).slice(0, 300)}`);
  }
  return out;
}

describe('the Schematron XPaths of schemas/tei-edition.sch', () => {
  beforeAll(() => jest.spyOn(console, 'error').mockImplementation(() => undefined));
  afterAll(() => jest.restoreAllMocks());

  test('every XPath compiles in the supported subset', () => {
    for (const x of schema.all) expect(() => compileXPath(x, schema.ns)).not.toThrow();
    expect(schema.probes.length).toBeGreaterThan(15);
  });

  test('agree with SaxonJS on the letter and the sample fixture', () => {
    expect(compare(path.join(ROOT, 'tei', 'mett-1931-rolland.xml'))).toEqual([]);
    expect(lastNonEmpty).toBeGreaterThan(10);
    expect(compare(path.join(ROOT, 'test', 'fixtures', 'xpath', 'sample.xml'))).toEqual([]);
  });

  const haveCorpus = existsSync(CORPUS);
  if (!haveCorpus) saySkipped(`the Schematron XPaths on ../shared/corpus: ${CORPUS} is absent`);
  (haveCorpus ? test : test.skip)(`agree with SaxonJS on ${CORPUS_FILES.length} documents of ../shared/corpus`, () => {
    const out: string[] = [];
    for (const f of CORPUS_FILES) out.push(...compare(path.join(CORPUS, f)));
    expect(out).toEqual([]);
  });
});

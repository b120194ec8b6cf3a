/**
 * `node dist/bench/xpath.js [file.xml …]`: the project Schematron's XPath
 * evaluated by src/check/xpath and by SaxonJS over the same documents, side
 * by side (load, parse, compile, evaluate), with the number of failed
 * assertions on each side (they must agree). Without arguments: the letter
 * and the large documents of ../shared/corpus. Figures for docs/xpath.md;
 * no test asserts times.
 */
import { DOMParser } from '@xmldom/xmldom';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '..', '..');
const SHARED = path.resolve(ROOT, '..', 'shared');
const SCH_NS = 'http://purl.oclc.org/dsdl/schematron';
const NS = { tei: 'http://www.tei-c.org/ns/1.0' };

interface Saxon {
  XPath: { evaluate(xpath: string, context: unknown, options?: Record<string, unknown>): unknown };
}

interface Rule {
  context: string;
  lets: Array<[string, string]>;
  tests: string[];
}

function readRules(): { header: string; rules: Rule[] } {
  const sch = new DOMParser().parseFromString(readFileSync(path.join(ROOT, 'schemas', 'tei-edition.sch'), 'utf8'), 'text/xml') as unknown as Document;
  const by = (p: Element | Document, local: string): Element[] => Array.from(p.getElementsByTagNameNS(SCH_NS, local));
  const header = by(sch, 'let')
    .find((l) => (l.parentNode as Element).localName === 'schema')!
    .getAttribute('value')!;
  const rules = by(sch, 'rule').map((r) => ({
    context: r.getAttribute('context')!,
    lets: by(r, 'let').map((l): [string, string] => [l.getAttribute('name')!, l.getAttribute('value')!]),
    tests: [...by(r, 'assert'), ...by(r, 'report')].map((a) => a.getAttribute('test')!),
  }));
  return { header, rules };
}

const ms = (t: number): string => `${t.toFixed(1)} ms`;

function benchOne(file: string, header: string, rules: Rule[]): void {
  const text = readFileSync(file, 'utf8');
  let t = performance.now();
  // Loaded here so that its load time is measured, as SaxonJS's is.
  const X = require('../check/xpath') as typeof import('../check/xpath');
  const loadOurs = performance.now() - t;
  t = performance.now();
  const dom = new DOMParser().parseFromString(text, 'text/xml') as unknown as Document;
  const parseOurs = performance.now() - t;
  t = performance.now();
  const h = X.compileXPath(header, NS);
  const compiled = rules.map((r) => ({
    context: X.compileXPath(`//(${r.context})`, NS),
    lets: r.lets.map(([n, v]) => [n, X.compileXPath(v, NS)] as const),
    tests: r.tests.map((x) => X.compileXPath(x, NS)),
  }));
  const compileOurs = performance.now() - t;
  const runOurs = (doc: Document): number => {
    let failed = 0;
    const vars = new Map([['header', h.evaluate(doc, new Map())]]);
    for (const r of compiled)
      for (const node of r.context.evaluate(doc, vars)) {
        const v = new Map(vars);
        for (const [n, c] of r.lets) v.set(n, c.evaluate(node as Node, v));
        for (const test of r.tests) if (!X.effectiveBooleanValue(test.evaluate(node as Node, v))) failed++;
      }
    return failed;
  };
  t = performance.now();
  const failedOurs = runOurs(dom);
  const evalOurs = performance.now() - t;
  const dom2 = new DOMParser().parseFromString(text, 'text/xml') as unknown as Document;
  t = performance.now();
  runOurs(dom2);
  const evalOurs2 = performance.now() - t;

  t = performance.now();
  // saxon-js ships no type declarations: narrowed at once to the slice used here.
  const SaxonJS = require('saxon-js') as Saxon;
  const loadSaxon = performance.now() - t;
  t = performance.now();
  const sdoc = SaxonJS.XPath.evaluate('parse-xml($t)', null, { params: { t: text } });
  const parseSaxon = performance.now() - t;
  const runSaxon = (): number => {
    let failed = 0;
    const hdr = SaxonJS.XPath.evaluate(header, sdoc, { namespaceContext: NS, resultForm: 'array' });
    for (const r of rules)
      for (const node of SaxonJS.XPath.evaluate(`//(${r.context})`, sdoc, { namespaceContext: NS, params: { header: hdr }, resultForm: 'array' }) as unknown[]) {
        const params: Record<string, unknown> = { header: hdr };
        for (const [n, v] of r.lets) params[n] = SaxonJS.XPath.evaluate(v, node, { namespaceContext: NS, params, resultForm: 'array' });
        for (const test of r.tests) if (!(SaxonJS.XPath.evaluate(`boolean(${test})`, node, { namespaceContext: NS, params, resultForm: 'array' }) as boolean[])[0]) failed++;
      }
    return failed;
  };
  t = performance.now();
  const failedSaxon = runSaxon();
  const evalSaxon = performance.now() - t;
  t = performance.now();
  runSaxon();
  const evalSaxon2 = performance.now() - t;

  console.log(`${path.basename(file)} (${(text.length / 1e6).toFixed(2)} MB): failed assertions: ours ${failedOurs}, SaxonJS ${failedSaxon}`);
  console.log(`  ours:    load ${ms(loadOurs)}, xmldom parse ${ms(parseOurs)}, compile ${ms(compileOurs)}, evaluate ${ms(evalOurs)} (on another parse: ${ms(evalOurs2)})`);
  console.log(`  SaxonJS: load ${ms(loadSaxon)}, parse-xml ${ms(parseSaxon)}, evaluate ${ms(evalSaxon)} (again: ${ms(evalSaxon2)})`);
}

function main(): void {
  const defaults = [
    path.join(ROOT, 'tei', 'mett-1931-rolland.xml'),
    ...['teipublisher_demo_kant_rvernunft_1781_DTA_large.xml', 'dta_dingler_pj015_journal_large.xml', 'perseus_phi0690.phi003_aeneid_lat.xml'].map((f) => path.join(SHARED, 'corpus', f)),
  ];
  const files = process.argv.length > 2 ? process.argv.slice(2) : defaults.filter((f) => existsSync(f));
  const { header, rules } = readRules();
  for (const f of files) benchOne(f, header, rules);
}

main();

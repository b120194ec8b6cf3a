/**
 * The XPath view of real documents: xmldom's tree (as src/check/xpath sees
 * it) and SaxonJS's own parse agree on nodes, attributes, text and order
 * for every well-formed document of ../shared/corpus.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { saySkipped, SHARED } from '../shared';
import { Oracle } from './oracle';

const CORPUS = path.join(SHARED, 'corpus');
const PROBES = [
  'count(//node())',
  'count(//*)',
  'count(//@*)',
  'count(//text())',
  'count(//comment())',
  'count(//processing-instruction())',
  'string-length(string(/))',
  'sum(//*/string-length(name()))',
  '(//*)[last()]',
  '(//@*)[last()]',
  '(//text())[last()]',
  'count(distinct-values(//@*/name()))',
  'count(distinct-values(//*/namespace-uri()))',
  '(//*[@xml:id])[position() = (1, last())]',
  'count(//*[@xml:id])',
  '(//text()[normalize-space()])[position() mod 500 = 1]',
  '(//*)[position() mod 1000 = 1]',
];

describe('the XPath data model of ../shared/corpus documents', () => {
  beforeAll(() => jest.spyOn(console, 'error').mockImplementation(() => undefined));
  afterAll(() => jest.restoreAllMocks());
  const have = existsSync(CORPUS);
  if (!have) saySkipped(`the XPath data model on ../shared/corpus: ${CORPUS} is absent`);
  const files = have ? readdirSync(CORPUS).filter((f) => f.endsWith('.xml') && !/_large\.xml$/.test(f)) : [];
  (have ? test : test.skip)('xmldom as we see it and SaxonJS agree', () => {
    const out: string[] = [];
    for (const f of files) {
      const oracle = new Oracle(readFileSync(path.join(CORPUS, f), 'utf8'));
      for (const e of PROBES) {
        const theirs = JSON.stringify(oracle.saxon(e, {}));
        const ours = JSON.stringify(oracle.ours(e, {}));
        if (theirs !== ours) out.push(`${f}: ${e}\n  saxon: ${theirs.slice(0, 300)}\n  ours:  ${ours.slice(0, 300)}`);
      }
    }
    expect(out).toEqual([]);
    expect(files.length).toBeGreaterThan(5);
  });
});

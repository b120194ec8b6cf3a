/**
 * The verdict grammar (src/check/verdict-grammar.ts): TEI's mixed content rewritten as RELAX NG's
 * own `mixed` form, which libxml2 compiles in a fraction of the time. It must accept exactly the
 * documents the grammar as written accepts, be used only where that is safe, and never change
 * what a user is told about an invalid document.
 */
import * as fs from 'fs';
import * as path from 'path';
import { DOMParser } from '@xmldom/xmldom';
import { memoryPages, validateXML } from 'xmllint-wasm';
import { verdictGrammar } from '../../src/check/verdict-grammar';
import { validateRelaxNG } from '../../src/check/relaxng';
import { parseDocument, type LoadedDocument } from '../../src/parse/load';
import { CORPUS, LETTER, ROOT, SHARED, TEI_ALL, listAll, testIf } from '../hardening/helpers';

const SCHEMA = path.join(ROOT, 'schemas', 'tei-edition.rng');

// The verdict grammar is libxml2's machinery: validateRelaxNG is asked for libxml2 here (our own engine,
// the default, is tested in rng-*.test.ts).
process.env.EDITION_RELAXNG = 'libxml2';

const RNG = 'xmlns="http://relaxng.org/ns/structure/1.0"';

function grammar(body: string): string {
  return `<grammar ${RNG}><start><ref name="doc"/></start>${body}</grammar>`;
}

/** A paragraph model: mixed content of <hi>, used as `use` says. */
function withParagraph(use: string, extra = ''): string {
  return grammar(`
    <define name="doc"><element name="doc"><oneOrMore><ref name="p"/></oneOrMore></element></define>
    <define name="p"><element name="p"><optional><attribute name="n"/></optional>${use}</element></define>
    <define name="hi"><element name="hi"><text/></element></define>
    <define name="tail"><element name="tail"><empty/></element></define>
    <define name="mixed"><zeroOrMore><choice><text/><ref name="hi"/></choice></zeroOrMore></define>
    ${extra}`);
}

/** The rewritten content of <p>, as a compact outline of pattern names. */
function outline(rng: string, defineName: string): string {
  const doc = new DOMParser().parseFromString(rng, 'text/xml');
  const def = Array.from(doc.getElementsByTagName('define')).find((d) => d.getAttribute('name') === defineName)!;
  const walk = (el: Element): string => {
    const kids = Array.from(el.childNodes).filter((c): c is Element => c.nodeType === 1);
    const name = el.localName === 'ref' ? `ref:${el.getAttribute('name')}` : el.localName;
    return kids.length ? `${name}(${kids.map(walk).join(',')})` : name;
  };
  return walk(def as unknown as Element);
}

describe('where the mixed form is used', () => {
  test('an element whose whole content is mixed, directly or through a define, attributes aside', () => {
    const direct = verdictGrammar(withParagraph('<zeroOrMore><choice><text/><ref name="hi"/></choice></zeroOrMore>'));
    expect(direct).toBeDefined();
    expect(outline(direct!, 'p')).toBe('define(element(optional(attribute),interleave(text,zeroOrMore(choice(ref:hi)))))');
    const viaDefine = verdictGrammar(withParagraph('<ref name="mixed"/>'));
    expect(outline(viaDefine!, 'mixed')).toBe('define(interleave(text,zeroOrMore(choice(ref:hi))))');
  });

  test('not where other content follows or precedes it, nor where a define is also used that way', () => {
    expect(verdictGrammar(withParagraph('<ref name="mixed"/><ref name="tail"/>'))).toBeUndefined();
    expect(verdictGrammar(withParagraph('<group><zeroOrMore><choice><text/><ref name="hi"/></choice></zeroOrMore><ref name="tail"/></group>'))).toBeUndefined();
    // <p> uses the define as its whole content, <note> in a sequence: the define stays as written.
    const shared = verdictGrammar(withParagraph('<ref name="mixed"/>', '<define name="note"><element name="note"><ref name="tail"/><ref name="mixed"/></element></define>'));
    expect(shared).toBeUndefined();
  });

  test('a prefixed grammar with annotations, comments and CDATA: rewritten with its own prefix, the rest as written', async () => {
    const source = `<?xml version="1.0"?>
<rng:grammar xmlns:rng="http://relaxng.org/ns/structure/1.0" xmlns:a="http://relaxng.org/ns/compatibility/annotations/1.0">
  <!-- <rng:zeroOrMore> in a comment is not a pattern -->
  <rng:start><rng:ref name="doc"/></rng:start>
  <rng:define name="doc"><rng:element name="doc">
    <a:documentation><![CDATA[<rng:text/> x > y]]></a:documentation>
    <rng:optional><rng:attribute name="n" a:defaultValue="1&gt;0"/></rng:optional>
    <rng:zeroOrMore><rng:choice><rng:text/><rng:ref name="hi"/></rng:choice></rng:zeroOrMore>
  </rng:element></rng:define>
  <rng:define name="hi"><rng:element name="hi"><rng:text/></rng:element></rng:define>
</rng:grammar>`;
    const fast = verdictGrammar(source)!;
    expect(fast).toContain('<rng:interleave><rng:text/><rng:zeroOrMore><rng:choice><rng:ref name="hi"/></rng:choice></rng:zeroOrMore></rng:interleave>');
    expect(fast).toContain('<!-- <rng:zeroOrMore> in a comment is not a pattern -->');
    expect(fast).toContain('<![CDATA[<rng:text/> x > y]]>');
    const docs = [
      { name: 'mixed', contents: '<doc n="2">a<hi>b</hi>c<hi/>d</doc>' },
      { name: 'foreign child', contents: '<doc>a<x/></doc>' },
      { name: 'element in hi', contents: '<doc><hi><hi/></hi></doc>' },
    ];
    expect(await verdicts(fast, docs)).toEqual(['validates', 'fails to validate', 'fails to validate']);
    expect(await verdicts(source, docs)).toEqual(['validates', 'fails to validate', 'fails to validate']);
  });

  test('not text alone, and not grammars it does not follow', () => {
    expect(verdictGrammar(`<!DOCTYPE grammar [<!ENTITY t "<text/>">]>${withParagraph('<zeroOrMore><choice>&t;<ref name="hi"/></choice></zeroOrMore>')}`)).toBeUndefined();
    expect(verdictGrammar(withParagraph('<zeroOrMore><choice><text/></choice></zeroOrMore>'))).toBeUndefined();
    const mixed = '<zeroOrMore><choice><text/><ref name="hi"/></choice></zeroOrMore>';
    expect(verdictGrammar(withParagraph(mixed, '<include href="other.rng"/>'))).toBeUndefined();
    expect(verdictGrammar(withParagraph(mixed, '<define name="hi" combine="choice"><element name="em"><text/></element></define>'))).toBeUndefined();
    expect(verdictGrammar('<grammar')).toBeUndefined();
    expect(verdictGrammar('<element xmlns="http://relaxng.org/ns/structure/1.0" name="a"><text/></element>')).toBeUndefined();
  });
});

/** Every XML file under `dir`, at most `maxBytes` each. */
function xmlUnder(dir: string, maxBytes = Infinity): string[] {
  return listAll(dir)
    .filter((f) => f.endsWith('.xml'))
    .map((f) => path.join(dir, f))
    .filter((f) => fs.statSync(f).size <= maxBytes);
}

/** Invalid variants of the letter: the faults a hand encoder makes, in the middle of multi-line paragraphs. */
function letterVariants(): Array<{ name: string; contents: string }> {
  const letter = fs.readFileSync(LETTER, 'utf8');
  const inP2 = (fragment: string) => letter.replace('who were barely sixteen', `who were ${fragment} barely sixteen`);
  return [
    { name: 'letter', contents: letter },
    { name: 'certainty-in-p', contents: inP2('<certainty locus="value" cert="low"/>') },
    { name: 'div-in-p', contents: inP2('<div><p>x</p></div>') },
    { name: 'unknown-in-p', contents: inP2('<foo/>') },
    { name: 'bad-attribute-in-p', contents: inP2('<hi bogus="1">x</hi>') },
    { name: 'bad-date', contents: inP2('<date when="23-04-1931">x</date>') },
    { name: 'empty-persName', contents: inP2('<persName/>') },
    { name: 'text-in-body', contents: letter.replace('<body>', '<body>stray') },
    { name: 'p-in-dateline', contents: letter.replace('<dateline>', '<dateline><p>x</p>') },
    { name: 'listPerson-emptied', contents: letter.replace(/<listPerson>[\s\S]*?<\/listPerson>/, '<listPerson></listPerson>') },
  ];
}

async function verdicts(schema: string, docs: Array<{ name: string; contents: string }>): Promise<string[]> {
  const result = await validateXML({
    xml: docs.map((d, i) => ({ fileName: `d${i}.xml`, contents: d.contents })),
    schema: [{ fileName: 'schema.rng', contents: schema }],
    extension: 'relaxng',
    modifyArguments: (args) => ['--huge', ...args],
    // As src/check/relaxng.ts: tei_all as written needs room for its automata (without it, libxml2
    // runs out of memory part-way and later documents get no verdict, or a wrong one).
    initialMemoryPages: memoryPages.MiB * 64,
    maxMemoryPages: memoryPages.MiB * 1024,
  });
  const out: string[] = docs.map(() => 'no verdict');
  for (const line of result.rawOutput.split('\n')) {
    const m = /^d(\d+)\.xml (validates|fails to validate)$/.exec(line);
    if (m) out[Number(m[1])] = m[2];
  }
  return out;
}

async function expectSameVerdicts(schemaFile: string, docs: Array<{ name: string; contents: string }>): Promise<void> {
  const schema = fs.readFileSync(schemaFile, 'utf8');
  const fast = verdictGrammar(schema);
  expect(fast).toBeDefined();
  const [asWritten, rewritten] = [await verdicts(schema, docs), await verdicts(fast!, docs)];
  const named = (v: string[]) => v.map((x, i) => `${docs[i].name}: ${x}`);
  expect(named(rewritten)).toEqual(named(asWritten));
  // The comparison means something only if both kinds of document are there.
  expect(asWritten).toContain('validates');
  expect(asWritten).toContain('fails to validate');
}

const withShared = testIf(fs.existsSync(CORPUS) && fs.existsSync(TEI_ALL), `${SHARED} is absent, so the verdict grammar's corpus and tei_all comparisons do not run`);

function fixtureDocs(): Array<{ name: string; contents: string }> {
  const files = [...xmlUnder(path.join(ROOT, 'test', 'fixtures', 'schema')), ...xmlUnder(path.join(ROOT, 'test', 'fixtures', 'cli'))];
  return [...letterVariants(), ...files.map((f) => ({ name: path.relative(ROOT, f), contents: fs.readFileSync(f, 'utf8') }))];
}

describe('the same documents are valid under both grammars', () => {
  test('the project schema: the letter, its invalid variants and the schema fixtures', async () => {
    await expectSameVerdicts(SCHEMA, fixtureDocs());
  }, 60_000);

  withShared('the project schema and tei_all: the real documents of ../shared/corpus', async () => {
    // The two large documents take a minute under tei_all as written; the rest cover the same models.
    const corpus = xmlUnder(CORPUS, 1_000_000).map((f) => ({ name: path.relative(CORPUS, f), contents: fs.readFileSync(f, 'utf8') }));
    expect(corpus.length).toBeGreaterThan(10);
    await expectSameVerdicts(SCHEMA, corpus);
    await expectSameVerdicts(TEI_ALL, [...corpus, ...fixtureDocs()]);
  }, 180_000);
});

function loaded(name: string, text: string): LoadedDocument {
  const r = parseDocument(name, Buffer.from(text, 'utf8'));
  if (!r.document) throw new Error(JSON.stringify(r.diagnostics));
  return r.document;
}

describe('what a user is told comes from the grammar as written', () => {
  test('a misplaced element in a multi-line paragraph: one finding, on it (the mixed form would also blame an earlier child)', async () => {
    const doc = letterVariants().find((v) => v.name === 'certainty-in-p')!;
    const line = doc.contents.split('\n').findIndex((l) => l.includes('<certainty')) + 1;
    const [found] = await validateRelaxNG([loaded('certainty.xml', doc.contents)], SCHEMA);
    expect(found).toEqual([expect.objectContaining({ line, ruleId: 'rng-element-not-allowed', message: '<certainty> is not allowed here, inside <p>' })]);
  });

  test('a wrong attribute: that finding only (the mixed form adds "<g> is required")', async () => {
    const doc = letterVariants().find((v) => v.name === 'bad-attribute-in-p')!;
    const [found] = await validateRelaxNG([loaded('attr.xml', doc.contents)], SCHEMA);
    expect(found.map((d) => d.ruleId)).toEqual(['rng-attribute-not-allowed']);
    expect(found[0].message).toBe('attribute @bogus is not allowed on <hi>');
  });

  test('valid and invalid documents in one batch each get their own findings, in order', async () => {
    const docs = letterVariants().map((v) => loaded(`${v.name}.xml`, v.contents));
    const found = await validateRelaxNG(docs, SCHEMA);
    expect(found.map((f, i) => `${docs[i].file}: ${f.length > 0 ? 'invalid' : 'valid'}`)).toEqual([
      'letter.xml: valid', 'certainty-in-p.xml: invalid', 'div-in-p.xml: invalid', 'unknown-in-p.xml: invalid',
      'bad-attribute-in-p.xml: invalid', 'bad-date.xml: invalid', 'empty-persName.xml: valid', 'text-in-body.xml: invalid',
      'p-in-dateline.xml: invalid', 'listPerson-emptied.xml: invalid',
    ]);
    expect(found[2]).toEqual([expect.objectContaining({ ruleId: 'rng-element-not-allowed', message: '<div> is not allowed here, inside <p>' })]);
  });
});

/**
 * Our RELAX NG engine (src/check/rng): what it tells a user (one finding per
 * mistake, what the grammar allows there), what it says may come at a place
 * (completion), its grammar cache, and the RELAX NG layer built on it.
 */
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { compileGrammar } from '../../src/check/rng/simplify';
import { validateText } from '../../src/check/rng/validator';
import { possibleAt } from '../../src/check/rng/query';
import { clearMemory, loadGrammar } from '../../src/check/rng/cache';
import { validateRelaxNG } from '../../src/check/relaxng';
import { parseDocument } from '../../src/parse/load';
import { ROOT, letterWith } from '../hardening/helpers';

const RNG = 'xmlns="http://relaxng.org/ns/structure/1.0" datatypeLibrary="http://www.w3.org/2001/XMLSchema-datatypes"';
const PROJECT = path.join(ROOT, 'schemas', 'tei-edition.rng');

/** A letter-like grammar: doc = head, p+, (closer)?; p = mixed hi; attributes with values and types. */
const LETTER_RNG = `<grammar ${RNG}>
  <start><ref name="doc"/></start>
  <define name="doc"><element name="doc"><attribute name="xml:id" ns="http://www.w3.org/XML/1998/namespace"><data type="ID"/></attribute>
    <ref name="head"/><oneOrMore><ref name="p"/></oneOrMore><optional><element name="closer"><text/></element></optional></element></define>
  <define name="head"><element name="head"><optional><attribute name="type"><choice><value>main</value><value>sub</value></choice></attribute></optional><text/></element></define>
  <define name="p"><element name="p"><optional><attribute name="n"><data type="integer"/></attribute></optional>
    <optional><attribute name="ref"><data type="IDREF"/></attribute></optional>
    <mixed><zeroOrMore><choice><ref name="hi"/><element name="date"><attribute name="when"><data type="date"/></attribute><text/></element></choice></zeroOrMore></mixed></element></define>
  <define name="hi"><element name="hi"><attribute name="rend"/><text/></element></define>
</grammar>`;

const g = compileGrammar('file:///letter.rng', () => {
  throw new Error('no resources');
}, LETTER_RNG);

const check = (doc: string): string[] => validateText(g, doc, { ids: true }).map((f) => `${f.ruleId}: ${f.message}`);

describe('findings: one per mistake, saying what is allowed', () => {
  test('a valid document has none', () => {
    expect(check('<doc xml:id="d"><head type="main">T</head><p n="1">a <hi rend="i">b</hi> <date when="1931-04-23">c</date></p><closer>x</closer></doc>')).toEqual([]);
  });

  test('an element out of place, then the rest is checked as if it were absent', () => {
    expect(check('<doc xml:id="d"><head>T</head><closer/><p>a</p><p><head/></p></doc>')).toEqual([
      'rng-element-not-allowed: <closer> is not allowed here, inside <doc>: expected <p>',
      'rng-element-not-allowed: <head> is not allowed here, inside <p>: expected <date> or <hi> or text',
    ]);
  });

  test('an unknown element is reported once, its content not at all', () => {
    expect(check('<doc xml:id="d"><head>T</head><p>a <foo><bar/><baz/></foo> b</p></doc>')).toEqual([
      'rng-element-not-allowed: <foo> is not allowed here, inside <p>: expected <date> or <hi> or text',
    ]);
  });

  test('attributes: unknown, a value outside the list, a value of the wrong type, a missing one', () => {
    expect(check('<doc xml:id="d"><head type="minor" lang="en">T</head><p n="one"><hi>x</hi></p></doc>')).toEqual([
      'rng-value-invalid: "minor" is not a valid value of @type on <head>: expected "main" or "sub"',
      'rng-attribute-not-allowed: attribute @lang is not allowed on <head>',
      'rng-value-invalid: "one" is not a valid value of @n on <p>: expected a value of type xsd:integer',
      'rng-attribute-missing: <hi> lacks the required attribute @rend',
    ]);
  });

  test('incomplete content, text where none may be, a bad date in content, a wrong namespace, a wrong root', () => {
    expect(check('<doc xml:id="d"><head>T</head></doc>')).toEqual(['rng-content-incomplete: <doc> is incomplete: <p> is required']);
    expect(check('<doc xml:id="d">stray<head>T</head><p/></doc>')).toEqual(['rng-text-not-allowed: text is not allowed directly inside <doc>']);
    expect(check('<doc xml:id="d"><head>T</head><p><date when="1931-02-30">x</date></p></doc>')).toEqual([
      'rng-value-invalid: "1931-02-30" is not a valid value of @when on <date>: expected a value of type xsd:date',
    ]);
    expect(check('<doc xml:id="d" xmlns:t="urn:x"><head>T</head><t:p/></doc>')).toEqual(['rng-namespace: <t:p> is in the namespace urn:x; here it must be in no namespace']);
    expect(check('<letter/>')).toEqual(['rng-root-not-allowed: <letter> is not allowed as the root element: expected <doc>']);
  });

  test('IDs: a duplicate, and a reference to none', () => {
    expect(check('<doc xml:id="d"><head>T</head><p ref="d">a</p><p ref="nowhere">b</p></doc>')).toEqual(['rng-idref-unknown: no element has the ID "nowhere" that <p> refers to']);
    const dup = validateText(compileGrammar('file:///p.rng', () => '', `<grammar ${RNG}><start><element name="a"><oneOrMore><element name="b"><attribute name="id"><data type="ID"/></attribute></element></oneOrMore></element></start></grammar>`), '<a><b id="x"/><b id="x"/></a>', { ids: true });
    expect(dup.map((f) => f.message)).toEqual(['the ID "x" is already used (@id on <b>)']);
  });

  test('a long list of what is allowed is condensed', () => {
    const project = loadGrammar(PROJECT);
    const [f] = validateText(project, letterWith('<p xml:id="p1">x</p><foo/>'));
    expect(f.message).toMatch(/^<foo> is not allowed here, inside <body>: expected (<[A-Za-z]+>, ){5}<[A-Za-z]+> or \d+ other elements$/);
  });
});

describe('what may come at a place', () => {
  const doc = '<doc xml:id="d"><head type="main">T</head><p n="1">a <hi rend="i">b</hi> </p>   </doc>';
  test('between tags: the elements, text, and whether the element may end', () => {
    const afterHead = possibleAt(g, doc, doc.indexOf('<p '));
    expect(afterHead).toMatchObject({ context: 'content', element: 'doc', elements: ['p'], text: false, end: false });
    const afterP = possibleAt(g, doc, doc.indexOf('   </doc>') + 1);
    expect(afterP).toMatchObject({ context: 'content', element: 'doc', elements: ['closer', 'p'], end: true });
    const inP = possibleAt(g, doc, doc.indexOf('a <hi') + 1);
    expect(inP).toMatchObject({ context: 'content', element: 'p', elements: ['date', 'hi'], text: true, end: true });
    expect(possibleAt(g, '', 0)).toMatchObject({ context: 'content', element: undefined, elements: ['doc'] });
  });

  test('in a start tag: the attributes not yet given; in a value: the values listed', () => {
    const partial = '<doc xml:id="d"><head>T</head><p n="1" ';
    expect(possibleAt(g, partial, partial.length)).toMatchObject({ context: 'start-tag', element: 'p', attributes: ['ref'] });
    const value = '<doc xml:id="d"><head type="m';
    const listed = compileGrammar('file:///v.rng', () => '', `<grammar ${RNG}><start><element name="mood"><choice><value>calm</value><value>angry</value></choice></element></start></grammar>`);
    expect(possibleAt(listed, '<mood>', 6)).toMatchObject({ context: 'content', element: 'mood', elements: [], values: ['angry', 'calm'], end: false });
    expect(possibleAt(g, value, value.length)).toMatchObject({ context: 'attribute-value', element: 'head', attribute: 'type', values: ['main', 'sub'] });
  });
});

describe('compiled grammars are cached by content', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'edition-rng-cache-'));
    process.env.EDITION_CACHE_DIR = path.join(dir, 'cache');
  });
  afterAll(() => {
    delete process.env.EDITION_CACHE_DIR;
    clearMemory();
    rmSync(dir, { recursive: true, force: true });
  });

  test('on disk, checked against every file it was read from', () => {
    const main = path.join(dir, 'main.rng');
    const part = path.join(dir, 'part.rng');
    writeFileSync(main, `<grammar ${RNG}><include href="part.rng"/><start><ref name="a"/></start></grammar>`);
    writeFileSync(part, `<grammar ${RNG}><define name="a"><element name="a"><empty/></element></define></grammar>`);
    const first = loadGrammar(main);
    expect(loadGrammar(main)).toBe(first);
    expect(readdirSync(path.join(dir, 'cache'))).toHaveLength(1);
    clearMemory();
    const again = loadGrammar(main);
    expect(again).not.toBe(first);
    expect(again.size).toBe(first.size);
    expect(validateText(again, '<a/>')).toEqual([]);
    // The included file changes: the stored grammar is not used.
    writeFileSync(part, `<grammar ${RNG}><define name="a"><element name="a"><text/><element name="b"><empty/></element></element></define></grammar>`);
    clearMemory();
    expect(validateText(loadGrammar(main), '<a/>').map((f) => f.ruleId)).toEqual(['rng-content-incomplete']);
  });
});

describe('the RELAX NG layer', () => {
  test('located findings with a hint to the Guidelines', async () => {
    const text = letterWith('<p xml:id="p1">x <div/></p>');
    const r = parseDocument('l.xml', Buffer.from(text));
    const [found] = await validateRelaxNG([r.document!], PROJECT);
    const line = text.split('\n').findIndex((l) => l.includes('<div/>')) + 1;
    const column = text.split('\n')[line - 1].indexOf('<div/>') + 1;
    expect(found).toEqual([
      expect.objectContaining({ file: 'l.xml', line, column, ruleId: 'rng-element-not-allowed', hint: 'see where <div> may occur: https://tei-c.org/release/doc/tei-p5-doc/en/html/ref-div.html' }),
    ]);
    expect(found[0].message).toMatch(/^<div> is not allowed here, inside <p>: expected /);
  });

  test('worded as the libxml2 layer words it (messages.ts): a parent left incomplete by a refused child is not blamed; an attribute refused by its name is "not allowed" whatever its value', async () => {
    const text = letterWith('<p xml:id="p1">x <hi type="x">y</hi></p><list><foo/></list>');
    const [found] = await validateRelaxNG([parseDocument('l.xml', Buffer.from(text)).document!], PROJECT);
    const at = (s: string): string => {
      const line = text.split('\n').findIndex((l) => l.includes(s)) + 1;
      return `${line}:${text.split('\n')[line - 1].indexOf(s) + 1}`;
    };
    expect(found.map((d) => `${d.line}:${d.column} ${d.ruleId} ${d.message.replace(/: expected .*/, ': expected …')}`)).toEqual([
      `${at('type="x"')} rng-attribute-not-allowed attribute @type is not allowed on <hi>: expected …`,
      `${at('<foo/>')} rng-element-not-allowed <foo> is not allowed here, inside <list>`,
    ]);
  });

  test('an incorrect grammar is a usage problem, said in one line', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'edition-rng-bad-'));
    try {
      const bad = path.join(dir, 'bad.rng');
      writeFileSync(bad, `<grammar ${RNG}><start><ref name="nope"/></start></grammar>`);
      const r = parseDocument('l.xml', Buffer.from(letterWith('<p>x</p>')));
      await expect(validateRelaxNG([r.document!], bad)).rejects.toThrow(/^the schema .*bad\.rng cannot be used: no define "nope" in the grammar/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

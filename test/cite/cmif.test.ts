/**
 * CMIF (issue 16, item 7): `edition cite --format cmif` and the cmif.xml a
 * corpus build writes. The structure is checked against the CMIF rules the
 * TEI Correspondence SIG documents (one correspDesc per letter, @source to a
 * bibl in sourceDesc, @ref to the letter, authority URIs, the admitted date
 * attributes and licences) and validated against tei_all with jing; the
 * official CMIF RELAX NG is not shipped here (see docs/cmif.md).
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { DOMParser } from '@xmldom/xmldom';
import type { Element } from '@xmldom/xmldom';
import { cmifFor } from '../../src/cite/cmif';
import { edition } from '../cli/run';
import { CORPUS, TEI_ALL } from '../hardening/helpers';
import { tempDir } from '../temp';
import { editionOf, LETTER, ROOT } from './helpers';

const TEI = 'http://www.tei-c.org/ns/1.0';
const FIX = path.join(ROOT, 'test', 'fixtures', 'cite');
const BRIEF = path.join(FIX, 'letter-no-pubdate.xml');
const ANCIENT = path.join(FIX, 'ancient-author.xml');

const parse = (xml: string): Element => new DOMParser().parseFromString(xml, 'text/xml').documentElement as unknown as Element;
const all = (el: Element, name: string): Element[] => Array.from(el.getElementsByTagNameNS(TEI, name) as unknown as ArrayLike<Element>);
const jing = spawnSync('jing', [], { encoding: 'utf8' }).error === undefined;
const canValidate = jing && existsSync(TEI_ALL);
if (!canValidate) console.warn(`SKIPPED (cite/cmif): validation against tei_all (jing ${jing ? 'found' : 'missing'}, ${TEI_ALL} ${existsSync(TEI_ALL) ? 'found' : 'absent'}).`);

function validate(xml: string): { code: number | null; out: string } {
  const dir = tempDir('edition-cmif-');
  const file = path.join(dir, 'cmif.xml');
  writeFileSync(file, xml);
  const r = spawnSync('jing', [TEI_ALL, file], { encoding: 'utf8' });
  return { code: r.status, out: (r.stdout ?? '').trim() };
}

/** The CMIF rules that tei_all does not check. */
function expectCmifRules(xml: string): void {
  const root = parse(xml);
  expect(root.localName).toBe('TEI');
  expect(root.namespaceURI).toBe(TEI);
  const bibls = all(root, 'sourceDesc').flatMap((s) => all(s, 'bibl'));
  const ids = new Set(bibls.map((b) => b.getAttributeNS('http://www.w3.org/XML/1998/namespace', 'id')));
  for (const b of bibls) expect(['online', 'print', 'hybrid']).toContain(b.getAttribute('type'));
  const descs = all(root, 'correspDesc');
  expect(descs.length).toBeGreaterThan(0);
  for (const d of descs) {
    expect(ids.has((d.getAttribute('source') ?? '').replace(/^#/, ''))).toBe(true);
    for (const a of all(d, 'correspAction')) expect(['sent', 'received']).toContain(a.getAttribute('type'));
    for (const date of all(d, 'date')) {
      const attrs = ['when', 'from', 'to', 'notBefore', 'notAfter'].filter((n) => date.hasAttribute(n));
      expect(attrs.length).toBeGreaterThan(0);
      if (attrs.includes('when')) expect(attrs).toEqual(['when']);
      expect(attrs.includes('from') && attrs.includes('notBefore')).toBe(false);
      expect(attrs.includes('to') && attrs.includes('notAfter')).toBe(false);
      for (const n of attrs) expect(date.getAttribute(n)).toMatch(/^\d{4}(-\d\d(-\d\d)?)?$/);
    }
    for (const el of [...all(d, 'persName'), ...all(d, 'placeName')]) {
      for (const uri of (el.getAttribute('ref') ?? '').split(/\s+/).filter(Boolean)) expect(uri).toMatch(/^https?:\/\//);
    }
  }
  expect(['https://creativecommons.org/licenses/by/4.0/', 'https://creativecommons.org/publicdomain/zero/1.0/']).toContain(all(root, 'licence')[0].getAttribute('target'));
}

describe('CMIF export', () => {
  const xml = cmifFor([editionOf(BRIEF), editionOf(LETTER)], { baseUrl: 'https://example.org/letters/' });

  test('one correspDesc per letter, with the letter\'s address and its edition\'s bibl', () => {
    const root = parse(xml);
    const descs = all(root, 'correspDesc');
    expect(descs.map((d) => [d.getAttribute('key'), d.getAttribute('ref'), d.getAttribute('source')])).toEqual([
      ['brief-1843', 'https://example.org/letters/brief-1843.html', '#bibl-brief-1843'],
      ['mett-1931-rolland', 'https://example.org/letters/mett-1931-rolland.html', '#bibl-mett-1931-rolland'],
    ]);
    expect(xml).toContain('<idno type="url">https://example.org/letters/cmif.xml</idno>');
    expectCmifRules(xml);
  });

  test('sender, addressee, place and date, with authority URIs from @ref and the register\'s idno', () => {
    expect(xml).toContain(
      [
        '        <correspAction type="sent">',
        '          <persName ref="https://d-nb.info/gnd/118530909">Alfred Escher</persName>',
        '          <placeName ref="https://www.geonames.org/2657896">Zürich</placeName>',
        '          <date when="1843-11-27"/>',
        '        </correspAction>',
        '        <correspAction type="received">',
        '          <persName ref="https://d-nb.info/gnd/116040420">Arnold Otto Aepli</persName>',
        '        </correspAction>',
      ].join('\n'),
    );
    expect(xml).toContain('<placeName ref="https://www.wikidata.org/wiki/Q239 https://www.geonames.org/2800866">Brussels</placeName>');
  });

  test('no clock: the same letters give the same bytes; the file\'s date is the latest edition date', () => {
    expect(cmifFor([editionOf(BRIEF), editionOf(LETTER)], { baseUrl: 'https://example.org/letters/' })).toBe(xml);
    expect(xml).toContain('<date when="2026-11-27"/>');
  });

  (canValidate ? test : test.skip)('valid against tei_all (jing)', () => {
    expect(validate(xml)).toEqual({ code: 0, out: '' });
  });

  test('a document that is not a letter is left out; none at all is refused', () => {
    expect(all(parse(cmifFor([editionOf(ANCIENT), editionOf(BRIEF)])), 'correspDesc')).toHaveLength(1);
    expect(() => cmifFor([editionOf(ANCIENT)])).toThrow('no document has a correspDesc in its header: CMIF describes letters');
  });
});

describe('edition cite --format cmif', () => {
  test('prints the CMIF of the letters given', () => {
    const r = edition(['cite', BRIEF, LETTER, '--format', 'cmif']);
    expect(r.code).toBe(0);
    expect(all(parse(r.stdout), 'correspDesc')).toHaveLength(2);
  });

  test('no letter among the documents: exit 2, worded', () => {
    const r = edition(['cite', ANCIENT, '--format', 'cmif']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('no document has a correspDesc in its header: CMIF describes letters');
    expect(r.stdout).toBe('');
  });

  (existsSync(CORPUS) ? test : test.skip)('the corpus letters: Escher written over two days is a span; Schnitzler\'s conjectured receipt notBefore/notAfter', () => {
    const r = edition(['cite', path.join(CORPUS, 'escher_K0301_letter.xml'), path.join(CORPUS, 'schnitzler_L02792_letter.xml'), '--format', 'cmif']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('<date from="1843-11-02" to="1843-11-04"/>');
    expect(r.stdout).toContain('<date notBefore="1897-01-03" notAfter="1897-01-07"/>');
    expect(r.stdout).toContain('<persName ref="https://d-nb.info/gnd/118609807">Schnitzler, Arthur</persName>');
    expectCmifRules(r.stdout);
    if (canValidate) expect(validate(r.stdout)).toEqual({ code: 0, out: '' });
  });
  if (!existsSync(CORPUS)) console.warn(`SKIPPED (cite/cmif): the corpus letters, ${CORPUS} not found (../shared is absent).`);
});

describe('edition build writes cmif.xml beside the corpus page', () => {
  test('for a corpus with letters, reproducibly; a corpus without letters has none', () => {
    const src = tempDir('edition-cmif-src-');
    const out = tempDir('edition-cmif-out-');
    copyFileSync(BRIEF, path.join(src, 'brief.xml'));
    copyFileSync(LETTER, path.join(src, 'letter.xml'));
    const args = ['build', src, '--out', out, '--format', 'html', '--jobs', '1', '--base-url', 'https://example.org/letters/'];
    expect(edition(args).code).toBe(0);
    const first = readFileSync(path.join(out, 'cmif.xml'), 'utf8');
    expect(existsSync(path.join(out, 'index.html'))).toBe(true);
    expect(all(parse(first), 'correspDesc')).toHaveLength(2);
    expect(edition([...args, '--force']).code).toBe(0);
    expect(readFileSync(path.join(out, 'cmif.xml'), 'utf8')).toBe(first);

    const plain = tempDir('edition-cmif-plain-');
    copyFileSync(ANCIENT, path.join(plain, 'a.xml'));
    copyFileSync(path.join(ROOT, 'test', 'fixtures', 'cli', 'valid.xml'), path.join(plain, 'b.xml'));
    const outPlain = tempDir('edition-cmif-out2-');
    expect(edition(['build', plain, '--out', outPlain, '--format', 'html', '--jobs', '1']).code).toBe(0);
    expect(existsSync(path.join(outPlain, 'index.html'))).toBe(true);
    expect(existsSync(path.join(outPlain, 'cmif.xml'))).toBe(false);
  }, 120_000);
});

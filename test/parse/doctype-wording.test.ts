/**
 * Each refusal worded for what it refuses (issue 13, attack 13): a
 * parameter-entity bomb is not an "external" entity, a PUBLIC entity is not
 * "SYSTEM", and `--out /` is not "outside /".
 */
import { parseDocument } from '../../src/parse/load';
import { safeOutputPath } from '../../src/write/atomic';

const TEI = (body: string, doctype: string): string =>
  `<?xml version="1.0" encoding="UTF-8"?>\n${doctype}<TEI xmlns="http://www.tei-c.org/ns/1.0">\n<teiHeader/>\n<text><body>${body}</body></text>\n</TEI>\n`;
const parse = (s: string) => parseDocument('doc.xml', Buffer.from(s, 'utf8'));
const said = (s: string): string[] => parse(s).diagnostics.map((d) => `${d.line}:${d.column} ${d.severity} ${d.ruleId}: ${d.message}`);

describe('DOCTYPE findings say what the declaration is', () => {
  test('a parameter-entity bomb: internal parameter entities, never expanded, not called external', () => {
    const bomb = '<!DOCTYPE TEI [\n<!ENTITY % a "aaaaaaaaaa">\n<!ENTITY % b "%a;%a;%a;%a;%a;%a;%a;%a;%a;%a;">\n<!ENTITY % c "%b;%b;%b;%b;%b;%b;%b;%b;%b;%b;">\n%c;\n]>\n';
    expect(said(TEI('<p>x</p>', bomb))).toEqual([
      '6:1 warning xml-parameter-entity: parameter entity %c; is not expanded: declarations made through parameter entities are not read',
    ]);
  });

  test('an external parameter entity is named with its identifier', () => {
    expect(said(TEI('<p>x</p>', '<!DOCTYPE TEI [<!ENTITY % ext PUBLIC "-//X//DTD x//EN" "file:///etc/x.dtd"> %ext;]>\n'))).toEqual([
      '2:77 warning xml-external-dtd: external parameter entity %ext; (PUBLIC "-//X//DTD x//EN" "file:///etc/x.dtd") is not read: external declarations are never fetched',
    ]);
    expect(said(TEI('<p>x</p>', '<!DOCTYPE TEI [%nowhere;]>\n'))).toEqual([
      '2:16 warning xml-external-dtd: parameter entity %nowhere; is not declared in the internal subset, and external declarations are never fetched',
    ]);
  });

  test('a PUBLIC entity is reported as PUBLIC, a SYSTEM one as SYSTEM', () => {
    expect(said(TEI('<p>&x;</p>', '<!DOCTYPE TEI [<!ENTITY x PUBLIC "-//Evil//ENTITIES x//EN" "file:///etc/passwd">]>\n'))).toEqual([
      '5:16 error xml-external-entity: external entity &x; (PUBLIC "-//Evil//ENTITIES x//EN" "file:///etc/passwd") is never fetched',
    ]);
    expect(said(TEI('<p>&x;</p>', "<!DOCTYPE TEI [<!ENTITY x SYSTEM 'file:///etc/passwd'>]>\n"))).toEqual([
      '5:16 error xml-external-entity: external entity &x; (SYSTEM "file:///etc/passwd") is never fetched',
    ]);
  });
});

describe('the output folder', () => {
  test('--out / is refused as the root of the file system, not as "outside /"', () => {
    expect(() => safeOutputPath('/', 'letter.txt')).toThrow('refusing to write "letter.txt" into /, the root of the file system: give --out a folder of its own');
  });

  test('paths inside an ordinary folder are accepted, escapes refused', () => {
    expect(safeOutputPath('/tmp/out', 'a/b.html')).toBe('/tmp/out/a/b.html');
    expect(() => safeOutputPath('/tmp/out', '../x')).toThrow('output paths must stay inside the output folder');
  });
});

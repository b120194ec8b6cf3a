/**
 * Hostile shapes refused before any tree is built (issue 13, attack 6): a
 * million attributes on one <p> (12 MB) stalled Saxon's parse for Schematron,
 * which is quadratic in them. Refused as `xml-too-many-attributes`, located,
 * in the document and in an included file.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadDocument, MAX_ATTRIBUTES, parseDocument } from '../../src/parse/load';

const TEI = (body: string, rootAttrs = ''): string =>
  `<?xml version="1.0" encoding="UTF-8"?>\n<TEI xmlns="http://www.tei-c.org/ns/1.0"${rootAttrs}>\n<teiHeader/>\n<text><body>${body}</body></text>\n</TEI>\n`;
const attrs = (n: number): string => Array.from({ length: n }, (_, i) => ` a${i}="x"`).join('');
const said = (text: string): string[] => parseDocument('doc.xml', Buffer.from(text)).diagnostics.map((d) => `${d.line}:${d.column} ${d.ruleId}: ${d.message}`);

describe('attributes on one element', () => {
  test('a million on one <p>: refused before parsing, located at the element', () => {
    expect(said(TEI(`\n<p${attrs(1_000_000)}>x</p>`))).toEqual([`5:1 xml-too-many-attributes: <p> has 1000000 attributes, more than the 256 one element may have: refused`]);
  });

  test('the limit itself is accepted, one more is refused; quoted "=" and ">" do not count', () => {
    expect(MAX_ATTRIBUTES).toBe(256);
    expect(parseDocument('doc.xml', Buffer.from(TEI(`<p${attrs(256)} b="a=b>c">x</p>`.replace(' a0="x"', '')))).diagnostics).toEqual([]);
    expect(said(TEI(`<p${attrs(257)}/>`))).toEqual([`4:13 xml-too-many-attributes: <p> has 257 attributes, more than the 256 one element may have: refused`]);
  });

  test('in an included file, refused before that file is parsed', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'edition-shapes-'));
    try {
      writeFileSync(path.join(dir, 'part.xml'), `<p xmlns="http://www.tei-c.org/ns/1.0"${attrs(100_000)}>x</p>`);
      writeFileSync(path.join(dir, 'main.xml'), TEI('<xi:include href="part.xml"/>', ' xmlns:xi="http://www.w3.org/2001/XInclude"'));
      const r = await loadDocument(path.join(dir, 'main.xml'));
      expect(r.document).toBeUndefined();
      expect(r.diagnostics.map((d) => `${d.line}:${d.column} ${d.ruleId}: ${d.message}`)).toEqual([
        // The namespace declaration is an attribute too.
        `4:13 xinclude-refused: the included file ${path.join(dir, 'part.xml')} has an element <p> with 100001 attributes, more than the 256 one element may have`,
      ]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

import { writeFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { loadDocument, parseDocument } from '../../src/parse/load';
import { tempDir } from '../temp';

const TEI = (body: string, doctype = ''): string =>
  `<?xml version="1.0" encoding="UTF-8"?>\n${doctype}<TEI xmlns="http://www.tei-c.org/ns/1.0">\n<teiHeader/>\n<text><body>${body}</body></text>\n</TEI>\n`;

const parse = (s: string | Uint8Array) => parseDocument('doc.xml', typeof s === 'string' ? Buffer.from(s, 'utf8') : s);

describe('decoding', () => {
  test('an empty file is refused', () => {
    const r = parse('');
    expect(r.document).toBeUndefined();
    expect(r.diagnostics).toEqual([expect.objectContaining({ ruleId: 'xml-empty', severity: 'error' })]);
  });

  test('a UTF-8 byte-order mark is accepted', () => {
    const r = parse(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(TEI('<p>é</p>'))]));
    expect(r.diagnostics).toEqual([]);
    expect(r.document?.root.textContent).toContain('é');
  });

  test('UTF-16 with a byte-order mark is decoded', () => {
    const utf16 = Buffer.from('\ufeff' + TEI('<p>Brussels</p>').replace('UTF-8', 'UTF-16'), 'utf16le');
    const r = parse(utf16);
    expect(r.diagnostics).toEqual([]);
    expect(r.document?.root.textContent).toContain('Brussels');
  });

  test('invalid UTF-8 is located to the line and column', () => {
    const bytes = Buffer.concat([Buffer.from('<TEI>\n<p>café '), Buffer.from([0xe9]), Buffer.from('</p></TEI>')]);
    const r = parse(bytes);
    expect(r.document).toBeUndefined();
    expect(r.diagnostics[0]).toMatchObject({ ruleId: 'xml-encoding', line: 2, column: 9, severity: 'error' });
    expect(r.diagnostics[0].message).toContain('0xE9');
    expect(r.diagnostics[0].hint).toMatch(/iconv|UTF-8/);
  });

  test('a NUL byte is refused with its position', () => {
    const r = parse(Buffer.concat([Buffer.from('<TEI>\nab'), Buffer.from([0]), Buffer.from('</TEI>')]));
    expect(r.diagnostics[0]).toMatchObject({ ruleId: 'xml-nul-byte', line: 2, column: 3 });
  });
});

describe('well-formedness', () => {
  test('a tag mismatch is reported with line and column, and stops there', () => {
    const r = parse(TEI('<p>one</q>'));
    expect(r.document).toBeUndefined();
    expect(r.diagnostics).toHaveLength(1);
    expect(r.diagnostics[0]).toMatchObject({ ruleId: 'xml-not-well-formed', line: 4, severity: 'error', source: 'xml' });
    expect(r.diagnostics[0].message).toMatch(/"p" != "q"/);
  });

  test('an unquoted attribute is an error, not a warning', () => {
    const r = parse(TEI('<p n=1>x</p>'));
    expect(r.diagnostics[0]).toMatchObject({ severity: 'error', ruleId: 'xml-not-well-formed' });
  });
});

describe('DOCTYPE and entities', () => {
  test('internal entities are expanded, so no text vanishes', () => {
    const r = parse(TEI('<p>&ed; and &full;</p>', '<!DOCTYPE TEI [\n<!ENTITY ed "the editor">\n<!ENTITY full "&ed; of <hi>this</hi>">\n]>\n'));
    expect(r.diagnostics).toEqual([]);
    expect(r.document?.root.textContent).toContain('the editor and the editor of this');
    // Lines after the DOCTYPE keep their numbers.
    const p = r.document!.root.getElementsByTagName('p')[0] as unknown as { lineNumber: number };
    expect(p.lineNumber).toBe(8);
  });

  test('an undefined entity is an error at its place, not silently dropped text', () => {
    const r = parse(TEI('<p>x &nbsp; y</p>', '<!DOCTYPE TEI>\n'));
    expect(r.document).toBeUndefined();
    expect(r.diagnostics[0]).toMatchObject({ ruleId: 'xml-undefined-entity', line: 5, column: 18 });
    expect(r.diagnostics[0].message).toBe('undefined entity &nbsp;');
  });

  test('an external entity is never fetched', () => {
    const r = parse(TEI('<p>&x;</p>', '<!DOCTYPE TEI [<!ENTITY x SYSTEM "file:///etc/passwd">]>\n'));
    expect(r.document).toBeUndefined();
    expect(r.diagnostics[0].ruleId).toBe('xml-external-entity');
    expect(r.diagnostics[0].message).toContain('file:///etc/passwd');
    expect(JSON.stringify(r)).not.toContain('root:x:0');
  });

  test('a billion-laughs bomb is refused quickly', () => {
    let decls = '<!ENTITY l0 "ha">';
    for (let i = 1; i <= 10; i++) decls += `<!ENTITY l${i} "${`&l${i - 1};`.repeat(10)}">`;
    const t0 = Date.now();
    const r = parse(TEI('<p>&l10;</p>', `<!DOCTYPE TEI [${decls}]>\n`));
    expect(Date.now() - t0).toBeLessThan(5000); // a guard against hanging, not a benchmark
    expect(r.document).toBeUndefined();
    expect(r.diagnostics[0].ruleId).toBe('xml-entity-limit');
  });

  test('a recursive entity is refused', () => {
    const r = parse(TEI('<p>&a;</p>', '<!DOCTYPE TEI [<!ENTITY a "x &b;"><!ENTITY b "&a;">]>\n'));
    expect(r.diagnostics[0].ruleId).toBe('xml-entity-loop');
  });

  test('an external DTD is named in a warning, never read', () => {
    const r = parse(TEI('<p>x</p>', '<!DOCTYPE TEI SYSTEM "/etc/passwd">\n'));
    expect(r.document).toBeDefined();
    expect(r.diagnostics).toEqual([expect.objectContaining({ ruleId: 'xml-external-dtd', severity: 'warning' })]);
  });
});

describe('the root element', () => {
  test('TEI P4 without namespace is told to convert', () => {
    const r = parse('<TEI.2><teiHeader/><text/></TEI.2>');
    expect(r.diagnostics[0]).toMatchObject({ ruleId: 'tei-p4', line: 1 });
    expect(r.diagnostics[0].hint).toMatch(/P5/);
  });

  test('TEI without the namespace', () => {
    expect(parse('<TEI><teiHeader/></TEI>').diagnostics[0].ruleId).toBe('tei-no-namespace');
  });

  test('another vocabulary', () => {
    const d = parse('<html xmlns="http://www.w3.org/1999/xhtml"/>').diagnostics[0];
    expect(d.ruleId).toBe('tei-not-tei');
    expect(d.message).toContain('<html>');
  });
});

describe('files', () => {
  const dir = tempDir('edition-load-');

  test('a folder given as a file', async () => {
    mkdirSync(path.join(dir, 'sub.xml'));
    const r = await loadDocument(path.join(dir, 'sub.xml'));
    expect(r.ioError).toBe(true);
    expect(r.diagnostics[0].message).toMatch(/folder/);
  });

  test('a missing file', async () => {
    const r = await loadDocument(path.join(dir, 'nope.xml'));
    expect(r.ioError).toBe(true);
    expect(r.diagnostics[0].message).toBe('no such file');
  });

  test('paths with spaces and non-ASCII names', async () => {
    const f = path.join(dir, 'lettre à Rolland.xml');
    writeFileSync(f, TEI('<p>x</p>'));
    const r = await loadDocument(f);
    expect(r.diagnostics).toEqual([]);
    expect(r.document?.file).toBe(f);
  });
});

describe('DOCTYPE after a comment', () => {
  test('a comment containing markup before the DOCTYPE does not hide its entities', () => {
    const r = parseDocument('doc.xml', Buffer.from(`<?xml version="1.0"?>\n<!-- see <x> -->\n<!DOCTYPE TEI [<!ENTITY ed "the editor">]>\n<TEI xmlns="http://www.tei-c.org/ns/1.0"><text><body><p>&ed;</p></body></text></TEI>`));
    expect(r.diagnostics).toEqual([]);
    expect(r.document?.root.textContent).toContain('the editor');
  });
});

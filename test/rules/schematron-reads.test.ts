/**
 * A user's Schematron rules read files only in the .sch file's folder and
 * the document's (issue 13, attack 12: `unparsed-text('file:///etc/passwd')`
 * in a report printed the file). Every XPath function that reads a file is
 * tried against a secret outside both folders, and inside them.
 */
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { compileSchematron } from '../../src/check/schematron';
import { parseDocument, type LoadedDocument } from '../../src/parse/load';

const TEI = '<TEI xmlns="http://www.tei-c.org/ns/1.0"><teiHeader><fileDesc><titleStmt><title>T</title></titleStmt><publicationStmt><p>P</p></publicationStmt><sourceDesc><p>S</p></sourceDesc></fileDesc></teiHeader><text><body><p>x</p></body></text></TEI>';

describe('Schematron file reads', () => {
  const root = mkdtempSync(path.join(tmpdir(), 'edition-sch-reads-'));
  const rules = path.join(root, 'rules');
  const docs = path.join(root, 'docs');
  const secret = path.join(root, 'secret');
  beforeAll(() => {
    for (const d of [rules, docs, secret]) mkdirSync(d);
    writeFileSync(path.join(secret, 'passwd'), 'root:x:0:0:SECRET');
    writeFileSync(path.join(secret, 'data.xml'), '<s>SECRET</s>');
    writeFileSync(path.join(secret, 'data.json'), '{"s": "SECRET"}');
    writeFileSync(path.join(rules, 'list.txt'), 'allowed beside the rules');
    writeFileSync(path.join(docs, 'names.xml'), '<n>allowed beside the document</n>');
    // A link inside an allowed folder to the secret: refused on its real path.
    symlinkSync(path.join(secret, 'passwd'), path.join(rules, 'link.txt'));
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  const doc = (): LoadedDocument => parseDocument(path.join(docs, 'doc.xml'), Buffer.from(TEI)).document!;
  const run = (select: string): string[] => {
    const sch = `<schema xmlns="http://purl.oclc.org/dsdl/schematron" queryBinding="xslt3"><ns prefix="tei" uri="http://www.tei-c.org/ns/1.0"/>
<pattern><rule context="/tei:TEI"><report test="true()" id="r">got: <value-of select="${select.replace(/"/g, '&quot;')}"/></report></rule></pattern></schema>`;
    const compiled = compileSchematron(path.join(rules, 'user.sch'), sch);
    expect(compiled.diagnostics).toEqual([]);
    return compiled.run(doc()).map((d) => `${d.ruleId}: ${d.message}`);
  };
  const refused = (file: string): string =>
    `reading ${file} is refused: only files in ${rules}, ${docs} (the Schematron file's and the document's folders) may be read`;
  const uri = (file: string): string => `file://${file}`;

  test.each([
    ['unparsed-text', (f: string) => `unparsed-text('${uri(f)}')`, 'passwd'],
    ['unparsed-text-lines', (f: string) => `unparsed-text-lines('${uri(f)}')`, 'passwd'],
    ['doc', (f: string) => `doc('${uri(f)}')`, 'data.xml'],
    ['json-doc', (f: string) => `json-doc('${uri(f)}')?s`, 'data.json'],
  ])('%s outside the project is refused, and says where reads are allowed', (_name, call, name) => {
    const file = path.join(secret, name);
    const found = run(call(file));
    expect(found.join('\n')).not.toContain('SECRET');
    expect(found).toEqual([expect.stringMatching(/^schematron-error: the Schematron rule at user\.sch:2 \(context "\/tei:TEI"\) fails on this node: /)]);
    expect(found[0]).toContain(refused(file));
  });

  test('the *-available functions say false, and /etc/passwd is refused too', () => {
    expect(run(`unparsed-text-available('${uri(path.join(secret, 'passwd'))}'), doc-available('${uri(path.join(secret, 'data.xml'))}')`)).toEqual(['r: got: false false']);
    expect(run(`unparsed-text('file:///etc/passwd')`)[0]).toContain(refused('/etc/passwd'));
  });

  test('a link in the rules folder to a file outside is refused', () => {
    const found = run(`unparsed-text('${uri(path.join(rules, 'link.txt'))}')`);
    expect(found[0]).toContain(refused(path.join(rules, 'link.txt')));
    expect(found.join('\n')).not.toContain('SECRET');
  });

  test('files beside the rules and beside the document are read', () => {
    expect(run(`unparsed-text('${uri(path.join(rules, 'list.txt'))}'), string(doc('${uri(path.join(docs, 'names.xml'))}'))`)).toEqual([
      'r: got: allowed beside the rules allowed beside the document',
    ]);
  });

  test('collection() finds nothing (no collection finder)', () => {
    expect(run(`count(collection('${uri(secret)}'))`)[0]).toMatch(/Unknown collection/);
  });
});

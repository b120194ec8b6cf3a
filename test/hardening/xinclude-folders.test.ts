/**
 * Attacks on XInclude (issue 13): a document read every file under the
 * working folder (`cd ~ && edition build Downloads/evil` published
 * ~/.ssh/id_rsa), and the size limit was checked only after every inclusion
 * was joined (one 1 MB file included 900 times: 35 s, 1.37 GB, then
 * "Invalid string length", exit 3).
 */
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { loadDocument } from '../../src/parse/load';
import { XINCLUDE_LIMITS } from '../../src/parse/xinclude';
import { edition, expectClean, letterWith, listAll, tmp } from './helpers';

const XI = 'xmlns:xi="http://www.w3.org/2001/XInclude"';
const main = (body: string): string => letterWith(`<p xml:id="p1">Before.</p>\n      ${body}\n      <p xml:id="after">After.</p>`).replace('<TEI ', `<TEI ${XI} `);

describe('XInclude reads the document folder and the include folders, not the working folder', () => {
  const home = tmp('edition-home-');
  const evil = path.join(home, 'Downloads', 'evil');
  const elsewhere = path.join(home, 'shared-parts');
  beforeAll(() => {
    mkdirSync(path.join(home, '.ssh'), { recursive: true });
    mkdirSync(evil, { recursive: true });
    mkdirSync(path.join(evil, 'parts'), { recursive: true });
    mkdirSync(elsewhere, { recursive: true });
    writeFileSync(path.join(home, '.ssh', 'id_rsa'), '-----BEGIN OPENSSH PRIVATE KEY-----\nSECRETKEY\n');
    writeFileSync(path.join(evil, 'letter.xml'), main('<p><xi:include href="../../.ssh/id_rsa" parse="text"/></p>'));
    writeFileSync(path.join(evil, 'parts', 'ok.txt'), 'from a subfolder');
    writeFileSync(path.join(evil, 'sub.xml'), main('<p><xi:include href="parts/ok.txt" parse="text"/></p>'));
    writeFileSync(path.join(elsewhere, 'common.txt'), 'from an include folder');
    writeFileSync(path.join(evil, 'shared.xml'), main('<p><xi:include href="../../shared-parts/common.txt" parse="text"/></p>'));
  });
  afterAll(() => rmSync(home, { recursive: true, force: true }));

  test('built from the folder above, the key is refused, named with the folder allowed, and nothing is written', () => {
    const r = edition(['build', 'Downloads/evil/letter.xml', '--out', 'o', '--format', 'txt,html'], { cwd: home });
    expectClean(r, [1]);
    expect(r.stderr).toContain(
      `Downloads/evil/letter.xml:25:10: error: @href="../../.ssh/id_rsa" leads outside the project folder (.ssh/id_rsa is not in Downloads/evil): not included [xinclude-refused]`,
    );
    expect(r.stderr).toContain("inclusion reads only from Downloads/evil and below: copy the file there, or add its folder to the project's include folders (includeFolders)");
    expect(r.stdout + r.stderr).not.toContain('SECRETKEY');
    expect(listAll(path.join(home, 'o')).filter((f) => !f.endsWith('.edition-manifest.json'))).toEqual([]);
  });

  test('a subfolder of the document folder is allowed', async () => {
    const r = await loadDocument(path.join(evil, 'sub.xml'));
    expect(r.diagnostics).toEqual([]);
    expect(r.document!.text).toContain('from a subfolder');
  });

  test('a folder outside is allowed only when named in includeFolders', async () => {
    const refused = await loadDocument(path.join(evil, 'shared.xml'));
    expect(refused.document).toBeUndefined();
    expect(refused.diagnostics.map((d) => d.ruleId)).toEqual(['xinclude-refused']);
    const allowed = await loadDocument(path.join(evil, 'shared.xml'), { includeFolders: [elsewhere] });
    expect(allowed.diagnostics).toEqual([]);
    expect(allowed.document!.text).toContain('from an include folder');
    // Still only that folder: the key next to it stays out.
    const key = await loadDocument(path.join(evil, 'letter.xml'), { includeFolders: [elsewhere] });
    expect(key.diagnostics[0].message).toContain(`is not in ${evil}, ${elsewhere}`);
  });
});

describe('the size limit is counted as inclusions are made', () => {
  const dir = tmp('edition-xinclude-size-');
  const MiB = 1_048_576;
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  test('one 1 MiB file included 900 times: refused at the inclusion that crosses 64 MiB, located, exit 1', () => {
    writeFileSync(path.join(dir, 'big.txt'), 'a'.repeat(MiB));
    const includes = Array.from({ length: 900 }, () => '<p><xi:include href="big.txt" parse="text"/></p>');
    writeFileSync(path.join(dir, 'letter.xml'), main(includes.join('\n      ')));
    const base = readFileSync(path.join(dir, 'letter.xml'), 'utf8').length;
    // The k-th inclusion (1-based) that makes base + k MiB pass the limit, on line 24 + k.
    const k = Math.floor((XINCLUDE_LIMITS.maxChars - base) / MiB) + 1;
    const r = edition(['validate', path.join(dir, 'letter.xml')]);
    expectClean(r, [1]);
    const errors = r.stdout.split('\n').filter((l) => l.includes(': error: '));
    expect(errors).toEqual([
      `${path.join(dir, 'letter.xml')}:${24 + k}:10: error: with ${path.join(dir, 'big.txt')} included here, the document would be larger than 64 MiB (${((base + k * MiB) / MiB).toFixed(1)} MiB of text so far): not included [xinclude-refused]`,
    ]);
  });
});

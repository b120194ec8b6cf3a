/**
 * Registers (edition.config.json "registers"): a letter project whose persons,
 * places and subjects stand in their own files, pointed to by #id, by
 * relative file and by a prefixDef scheme. The compiled CLI, run in a copy of
 * test/fixtures/projects/registers.
 */
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { edition, expectNoStackTrace, ROOT } from '../cli/run';
import { tempDir } from '../temp';

const FIXTURE = path.join(ROOT, 'test', 'fixtures', 'projects', 'registers');

function copy(): string {
  const dir = tempDir('edition-registers-');
  cpSync(FIXTURE, dir, { recursive: true });
  return dir;
}

function edit(file: string, from: string, to: string): void {
  const text = readFileSync(file, 'utf8');
  expect(text).toContain(from);
  writeFileSync(file, text.replace(from, to));
}

describe('registers', () => {
  test('the letter project validates clean, registers included, with pointers by #id, by file and by prefixDef', () => {
    const r = edition(['validate'], FIXTURE);
    expectNoStackTrace(r);
    expect(r.stdout).toBe('0 errors, 0 warnings in 4 files\n');
    expect(r.code).toBe(0);
  });

  test('without the registers, the same pointers are refused', () => {
    const dir = copy();
    writeFileSync(path.join(dir, 'edition.config.json'), '{}');
    const r = edition(['validate', '--layers', 'xml,rules', 'tei'], dir);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('tei/letter-1914.xml:21:58: error: @ref="#rolland" on <persName> points to nothing: no element has xml:id="rolland" [pointer-unresolved]');
  });

  test('a dangling pointer into a register is refused where it stands, with the nearest ids of that register', () => {
    const dir = copy();
    edit(path.join(dir, 'tei', 'letter-1914.xml'), 'ref="reg:verhaeren"', 'ref="reg:verhaerenn"');
    edit(path.join(dir, 'tei', 'letter-1915.xml'), 'ref="../registers/places.xml#vienna"', 'ref="../registers/places.xml#wien"');
    edit(path.join(dir, 'tei', 'letter-1915.xml'), 'ref="#villeneuve"', 'ref="#villeneuv"');
    const r = edition(['validate'], dir);
    expectNoStackTrace(r);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain(
      'tei/letter-1914.xml:22:89: error: @ref="reg:verhaerenn" on <persName> points into the register registers/persons.xml, which has no xml:id="verhaerenn" [pointer-unresolved]\n'
      + '  hint: the nearest ids of registers/persons.xml are "verhaeren", "rolland", "zweig"\n',
    );
    expect(r.stdout).toContain(
      'tei/letter-1915.xml:21:104: error: @ref="../registers/places.xml#wien" on <placeName> points into the register registers/places.xml, which has no xml:id="wien" [pointer-unresolved]\n'
      + '  hint: the nearest ids of registers/places.xml are "vienna", "politics", "subjects"\n',
    );
    expect(r.stdout).toContain(
      'error: @ref="#villeneuv" on <placeName> points to nothing: no element has xml:id="villeneuv" (in the document or its registers) [pointer-unresolved]\n'
      + '  hint: did you mean "#villeneuve" (the <place> on line 28 of registers/places.xml)?\n',
    );
    expect(r.stdout).toMatch(/3 errors, 0 warnings in 4 files\n$/);
  });

  test('an id defined in two registers is an error naming both, in the register and at the pointer', () => {
    const dir = copy();
    writeFileSync(path.join(dir, 'registers', 'more.xml'), readFileSync(path.join(dir, 'registers', 'persons.xml'), 'utf8')
      .replace('Persons of the letters', 'More persons')
      .replace(/<person xml:id="zweig">[\s\S]*?<\/person>\s*/, '')
      .replace(/<person xml:id="verhaeren">[\s\S]*?<\/person>\s*/, ''));
    const r = edition(['validate'], dir);
    expectNoStackTrace(r);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain(
      'registers/persons.xml:22:22: error: xml:id="rolland" is defined in two registers: registers/more.xml (line 16, <person>) and registers/persons.xml (line 22, <person>) [register-id-duplicate]\n',
    );
    expect(r.stdout).toContain(
      'tei/letter-1914.xml:21:58: error: @ref="#rolland" on <persName> is ambiguous: xml:id="rolland" is defined in two registers, registers/more.xml and registers/persons.xml [pointer-unresolved]\n',
    );
    expect(r.stdout).toMatch(/2 errors, 0 warnings in 5 files\n$/);
  });

  test('a built letter lists the register entries it mentions in its index of names; a page per register links back to them; a changed register rebuilds', () => {
    const dir = copy();
    const first = edition(['build', '--format', 'html', '--out', 'out'], dir);
    expectNoStackTrace(first);
    expect(first.code).toBe(0);
    expect(first.stdout).toContain('built 2 of 2 documents');
    const html = readFileSync(path.join(dir, 'out', 'letter-1914.html'), 'utf8');
    // By #id, by prefixDef (reg:verhaeren) and by relative file (../registers/persons.xml#zweig); the place by #id.
    for (const [id, name] of [['rolland', 'Romain Rolland'], ['verhaeren', 'Émile Verhaeren'], ['zweig', 'Zweig, Stefan'], ['vienna', 'Vienna']]) {
      expect(html).toContain(`id="ent-${id}" class="index-entry"><span class="index-name">${name}`);
      expect(html).toContain(`href="#ent-${id}"`);
    }
    // The register's dates and authority links, as if the entry stood in the letter's standOff.
    expect(html).toContain('1881–1942');
    expect(html).toContain('https://d-nb.info/gnd/118637479');
    // Each register entry of the letter's index links to its entry on the register's page, and the anchor is there.
    for (const [id, page] of [['rolland', 'register-persons.html'], ['vienna', 'register-places.html']]) {
      expect(html).toContain(`<a class="index-register" href="${page}#${id}"`);
      expect(readFileSync(path.join(dir, 'out', page), 'utf8')).toContain(`<li class="index-entry" id="${id}">`);
    }
    // A person of the register the letter does not mention is not in its index.
    expect(readFileSync(path.join(dir, 'out', 'letter-1915.html'), 'utf8')).not.toContain('ent-verhaeren');
    // The register is not a document of the edition.
    expect(first.stdout).not.toContain('persons');

    // A page per register: every entry, with back-links to the paragraphs of every letter that mentions it.
    const persons = readFileSync(path.join(dir, 'out', 'register-persons.html'), 'utf8');
    expect(persons).toContain('<h1>Persons of the letters</h1>');
    expect(persons).toContain(
      '<li class="index-entry" id="zweig"><span class="index-name">Zweig, Stefan</span> <span class="index-dates">(1881–1942)</span>'
      + '<div class="index-authorities"><a class="authority" href="https://d-nb.info/gnd/118637479">gnd: 118637479</a></div>'
      + '<ul class="register-mentions"><li><a href="letter-1914.html">Zweig to Rolland, 1914</a>: <a class="occurrence" href="letter-1914.html#p2">¶ 2</a></li>'
      + '<li><a href="letter-1915.html">Rolland to Zweig, 1915</a>: <a class="occurrence" href="letter-1915.html#p1">¶ 1</a></li></ul></li>',
    );
    expect(persons.indexOf('id="verhaeren"')).toBeLessThan(persons.indexOf('id="zweig"'));
    const places = readFileSync(path.join(dir, 'out', 'register-places.html'), 'utf8');
    expect(places).toContain('<li class="index-entry" id="villeneuve"><span class="index-name">Villeneuve</span><ul class="register-mentions"><li><a href="letter-1915.html">Rolland to Zweig, 1915</a>: <a class="occurrence" href="letter-1915.html#p1">¶ 1</a></li></ul></li>');

    const again = edition(['build', '--format', 'html', '--out', 'out'], dir);
    expect(again.stdout).toContain('skipped 2 unchanged');
    // Served from the cache, the letters still give their back-links: the page is the same, byte for byte.
    expect(readFileSync(path.join(dir, 'out', 'register-persons.html'), 'utf8')).toBe(persons);
    edit(path.join(dir, 'registers', 'persons.xml'), '<persName>Romain Rolland</persName>', '<persName>Romain Rolland (writer)</persName>');
    const changed = edition(['build', '--format', 'html', '--out', 'out'], dir);
    expect(changed.stdout).toContain('built 2 of 2 documents');
    expect(readFileSync(path.join(dir, 'out', 'letter-1914.html'), 'utf8')).toContain('Romain Rolland (writer)');
  });

  test('a registers glob that names no file is a configuration error (exit 2)', () => {
    const dir = copy();
    writeFileSync(path.join(dir, 'edition.config.json'), '{ "registers": ["registers/*.xml", "lists/*.xml"] }');
    const r = edition(['validate'], dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('edition: edition.config.json: registers[1] ("lists/*.xml") names no file (globs are relative to the folder of edition.config.json)\n');
  });
});

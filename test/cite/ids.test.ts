/**
 * `edition ids`: missing paragraph ids are added to the TEI source with a
 * minimal diff, in the numbering the paragraph-no-id rule suggests.
 */
import { copyFileSync, readFileSync, statSync, writeFileSync, chmodSync } from 'node:fs';
import path from 'node:path';
import { runRules, ruleById } from '../../src/check/rules';
import { encodeKeeping, planIds } from '../../src/write/paragraph-ids';
import { parseDocument } from '../../src/parse/load';
import { edition, expectNoStackTrace } from '../cli/run';
import { LETTER, NO_IDS } from './helpers';
import { tempDir } from '../temp';

const tmp = (): string => tempDir('edition-ids-');
const ATTR = / xml:id="p\d+"/g;
/** The text without the ids the tool inserts (the fixture has an xml:id="p2" of its own, on a div). */
const strip = (s: string): string => s.replace(/(<p) xml:id="p\d+"/g, '$1');

function copy(file: string): string {
  const to = path.join(tmp(), path.basename(file));
  copyFileSync(file, to);
  return to;
}

/** Every line that changed held a <p start tag, and differs from the old one only by inserted ids. */
function expectOnlyInsertions(before: string, after: string): string[] {
  const a = before.split(/\r\n|\r|\n/);
  const b = after.split(/\r\n|\r|\n/);
  expect(b).toHaveLength(a.length);
  const changed: string[] = [];
  for (let i = 0; i < a.length; i++) {
    if (a[i] === b[i]) continue;
    changed.push(b[i]);
    expect(a[i]).toMatch(/<p[\s/>]|<p$/);
    expect(strip(b[i])).toBe(a[i]);
    // right after the element name
    for (const m of b[i].matchAll(ATTR)) expect(b[i].slice(0, m.index)).toMatch(/<p$/);
  }
  return changed;
}

function xmlIds(text: string): string[] {
  const loaded = parseDocument('x.xml', Buffer.from(text, 'utf8'));
  const out: string[] = [];
  const walk = (el: Element): void => {
    const id = el.getAttribute('xml:id');
    if (id) out.push(id);
    for (let c = el.firstChild; c; c = c.nextSibling) if (c.nodeType === 1) walk(c as Element);
  };
  if (loaded.document) walk(loaded.document.root);
  return out;
}

describe('planIds', () => {
  const before = readFileSync(NO_IDS, 'utf8');
  const plan = planIds(NO_IDS, readFileSync(NO_IDS));

  test('body paragraphs only, numbered by order, skipping ids already taken', () => {
    expect(plan.insertions.map((i) => i.id)).toEqual(['p1', 'p3', 'p4', 'p5', 'p6', 'p7', 'p8', 'p9']);
    const ids = xmlIds(plan.after);
    expect(new Set(ids).size).toBe(ids.length);
    expect(plan.after).toContain('<p>Front matter is not cited by paragraph.</p>');
    expect(plan.after).toContain('<p>Back matter.</p>');
    expect(plan.after).toContain('<p>A typescript in a private collection.</p>');
    expect(plan.after).toContain('<!-- <p>commented out</p> -->');
    expect(plan.after).toContain('<p xml:id="intro">');
  });

  test('the same ids the paragraph-no-id rule suggests', () => {
    const loaded = parseDocument(NO_IDS, readFileSync(NO_IDS));
    const rule = ruleById('paragraph-no-id');
    if (!loaded.document || !rule) throw new Error('fixture or rule missing');
    const hinted = runRules(loaded.document, [rule]).map((d) => /xml:id="(p\d+)"/.exec(d.hint ?? '')?.[1]);
    expect(hinted).toEqual(plan.insertions.map((i) => i.id));
  });

  test('only the paragraphs’ start tags change', () => {
    expect(expectOnlyInsertions(before, plan.after)).toHaveLength(6);
  });

  test('a document whose paragraphs all have ids needs nothing', () => {
    expect(planIds(LETTER, readFileSync(LETTER)).insertions).toEqual([]);
  });

  test('CRLF line ends and a BOM are kept; UTF-16 stays UTF-16', () => {
    const crlf = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(before.replace(/\n/g, '\r\n'), 'utf8')]);
    const p = planIds('crlf.xml', crlf);
    const out = Buffer.from(encodeKeeping(p.after, p.encoding));
    expect([...out.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = out.subarray(3).toString('utf8');
    expect(text.match(/\r\n/g)?.length).toBe(before.match(/\n/g)?.length);
    expect(text).not.toMatch(/[^\r]\n/);
    expect(strip(text)).toBe(before.replace(/\n/g, '\r\n'));

    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(before.replace('encoding="UTF-8"', 'encoding="UTF-16"'), 'utf16le')]);
    const q = planIds('utf16.xml', utf16);
    const back = Buffer.from(encodeKeeping(q.after, q.encoding));
    expect([...back.subarray(0, 2)]).toEqual([0xff, 0xfe]);
    expect(strip(back.subarray(2).toString('utf16le'))).toBe(before.replace('encoding="UTF-8"', 'encoding="UTF-16"'));
  });

  test('an entity expanded earlier on the line does not misplace the id', () => {
    const doc = before
      .replace('?>\n', '?>\n<!DOCTYPE TEI [<!ENTITY longname "a much longer expansion than its name">]>\n')
      .replace('<p>First paragraph.</p>', '<p>&longname;</p> <p>First paragraph.</p>');
    const p = planIds('entity.xml', Buffer.from(doc, 'utf8'));
    expect(p.after).toContain('<p xml:id="p1">&longname;</p> <p xml:id="p3">First paragraph.</p>');
    expectOnlyInsertions(doc, p.after);
  });
});

describe('edition ids (CLI)', () => {
  test('without --write: a diff on stdout, the file untouched, exit 0', () => {
    const file = copy(NO_IDS);
    const before = readFileSync(file);
    const r = edition(['ids', file]);
    expectNoStackTrace(r);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`--- ${file}\n+++ ${file}\n@@ -31 +31 @@\n-        <p>First paragraph.</p>\n+        <p xml:id="p1">First paragraph.</p>\n`);
    expect(r.stderr).toContain('would add 8 xml:ids (p1 … p9); run with --write');
    expect(readFileSync(file)).toEqual(before);
  });

  test('--write adds the ids in place, atomically, keeping the file mode; a second run has nothing to do', () => {
    const file = copy(NO_IDS);
    chmodSync(file, 0o640);
    const before = readFileSync(file, 'utf8');
    const r = edition(['ids', file, '--write']);
    expectNoStackTrace(r);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('added 8 xml:ids');
    const after = readFileSync(file, 'utf8');
    expect(expectOnlyInsertions(before, after).length).toBeGreaterThan(0);
    expect(statSync(file).mode & 0o777).toBe(0o640);
    const again = edition(['ids', file, '--write']);
    expect(again.code).toBe(0);
    expect(again.stderr).toContain('nothing to do');
    expect(readFileSync(file, 'utf8')).toBe(after);
  });

  test('a file that is not well-formed is refused (exit 1), untouched; a missing file is exit 2', () => {
    const file = path.join(tmp(), 'broken.xml');
    writeFileSync(file, '<TEI xmlns="http://www.tei-c.org/ns/1.0"><text><body><p>x</body></text></TEI>');
    const r = edition(['ids', file, '--write']);
    expectNoStackTrace(r);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/broken\.xml:1:\d+: error: .*\[xml-not-well-formed\]/);
    expect(readFileSync(file, 'utf8')).toContain('<p>x</body>');
    expect(edition(['ids', path.join(tmp(), 'none.xml')]).code).toBe(2);
  });
});

/**
 * Fragmentary witnesses (witStart, witEnd, lacunaStart, lacunaEnd), issue 14:
 * the apparatus states the event ("C begins"), never "om."; a witness build
 * shows nothing from outside the witness's extent, with a lacuna marker
 * where it has no text; a witness the edition records no readings of is
 * refused; every witness build says which witness it shows.
 *
 * A small fixture is built with the CLI in all three formats, for the edited
 * text and each witness; the corpus documents (../shared) through the model
 * and the text writer. Without ../shared or poppler, the tests concerned
 * skip with one loud line.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { buildEdition } from '../../src/model/read-tei';
import type { Edition, Inline, VariantNode } from '../../src/model/types';
import { loadDocument } from '../../src/parse/load';
import { renderText } from '../../src/render/text';
import { CORPUS, edition as cli, LETTER, ROOT, testIf } from '../hardening/helpers';
import { hasTool, pdfText } from '../render-fixtures/tools';
import { tempDir } from '../temp';

const FIXTURE = path.join(ROOT, 'test', 'fixtures', 'fragments', 'fragments.xml');
const PTA0003 = path.join(CORPUS, 'pta0003.pta017.grc1_apparatus_large.xml');
const PTA0040 = path.join(CORPUS, 'pta0040.pta001.grc1_apparatus.xml');
const POPPLER = hasTool('pdftotext');

async function model(file: string, witness?: string): Promise<Edition> {
  const loaded = await loadDocument(file);
  if (!loaded.document) throw new Error(`${file} does not load`);
  return buildEdition(loaded.document, { mode: 'reading', ...(witness ? { witness } : {}) });
}

const textOf = (e: Edition): string => String(renderText(e)[0].data);
/** The reading text of a .txt: between the rule under the title block and the first section after it. */
const body = (txt: string): string => txt.split(/\n={72}\n/)[1].split(/\n\n\n?(Notes|Witnesses|Apparatus)\n-+\n/)[0].trim();
/** The same on one line: the 72-column wrap may break a marker. */
const flatBody = (txt: string): string => flat(body(txt));
/** The apparatus lines of a .txt, entries joined to one line each. */
const entries = (txt: string): string[] =>
  (txt.split(/\nApparatus\n-+\n/)[1] ?? '').trim().split(/\n(?=\[a\d+\] )/).map((l) => l.replace(/\s*\n\s*/g, ' '));
const count = (s: string, sub: string): number => s.split(sub).length - 1;
const flat = (s: string): string => s.replace(/\s+/g, ' ');

describe('the fragmentary-witness fixture, built with the CLI (text, HTML, PDF)', () => {
  const out = tempDir('edition-fragments-');
  const files: Record<string, { txt: string; html: string; pdf?: Uint8Array }> = {};

  beforeAll(() => {
    for (const w of ['', 'A', 'B', 'C']) {
      const r = cli(['build', FIXTURE, '--out', out, '--format', POPPLER ? 'txt,html,pdf' : 'txt,html', ...(w ? ['--witness', w] : [])]);
      if (r.code !== 0) throw new Error(`build ${w || 'edited'} failed: ${r.stderr}`);
      const base = path.join(out, w ? `fragments.${w}` : 'fragments');
      files[w] = {
        txt: readFileSync(`${base}.txt`, 'utf8'),
        html: readFileSync(`${base}.html`, 'utf8'),
        ...(POPPLER ? { pdf: readFileSync(`${base}.pdf`) } : {}),
      };
    }
  });

  test('the apparatus states where witnesses begin, end, break off and resume, with no "om." and no lemma for events alone', () => {
    expect(entries(files[''].txt)).toEqual([
      '[a1] B begins',
      '[a2] word A C] ⟦wurd⟧ B',
      '[a3] C breaks off',
      '[a4] C resumes',
      '[a5] Theta A B] Thêta C',
      '[a6] B ends; C breaks off',
    ]);
    const html = files[''].html;
    expect(html).toContain('<span class="app-body"><span class="sigla"><abbr title="Codex B, which begins late and ends early">B</abbr></span> <i class="app-word">begins</i></span>');
    expect(html).not.toMatch(/class="om"/);
    // A reading that is only a deletion is the witness's struck word, not an omission.
    expect(html).toContain('<span class="rdg"><del class="ed ed-deleted" title="deleted in the source"><span class="sign">⟦</span>wurd<span class="sign">⟧</span></del></span>');
  });

  test('the edited text and the witness A (complete) have every word; the text file says which witness it shows', () => {
    for (const w of ['', 'A']) {
      const b = body(files[w].txt);
      for (const word of ['Alpha', 'Beta', 'Gamma', 'Delta', 'Epsilon', 'Zeta', 'Eta', 'Theta', 'Kappa', 'Iota']) expect(b).toContain(word);
      expect(b).not.toContain('lacuna');
    }
    expect(files.A.txt.split('\n').slice(0, 3)).toEqual(['Fragmentary witnesses', '', 'Text of witness A: Codex A, complete']);
    expect(files[''].txt).not.toContain('Text of witness');
  });

  test('B (begins late, ends early): nothing before its witStart or after its witEnd, one marker per absent stretch and block', () => {
    const b = flatBody(files.B.txt);
    for (const word of ['Alpha', 'Kappa', 'Iota']) expect(b).not.toContain(word);
    for (const word of ['Beta', 'Gamma', 'Delta', 'Epsilon', 'Zeta', 'Eta', 'Theta']) expect(b).toContain(word);
    expect(b.startsWith('[lacuna: B has not begun] [a1]Beta with all three.')).toBe(true);
    expect(count(b, '[lacuna: B has not begun]')).toBe(1);
    // p4 after the witEnd, and p5 whole.
    expect(count(b, '[lacuna: B has ended]')).toBe(2);
    // B's reading is a deletion: the text shows nothing there, the apparatus shows the struck word.
    expect(b).toContain('Gamma [a2]shared');
    expect(entries(files.B.txt)[1]).toBe('[a2] ⟦wurd⟧ B] word A C');
  });

  test('C (a lacuna, twice): nothing between lacunaStart and lacunaEnd', () => {
    const b = flatBody(files.C.txt);
    for (const word of ['Delta', 'Epsilon', 'Zeta', 'Kappa', 'Iota']) expect(b).not.toContain(word);
    for (const word of ['Alpha', 'Beta', 'Gamma', 'Eta', 'Thêta']) expect(b).toContain(word);
    // p2 (after the lacunaStart), p3 whole, p4 twice (before the lacunaEnd, after the second lacunaStart), p5 whole.
    expect(count(b, '[lacuna in C]')).toBe(5);
    expect(files.C.txt).toContain('Text of witness C: Codex C, with a lacuna');
  });

  test('HTML: the statement under the title, the markers, and no word from outside the extent', () => {
    const html = files.B.html;
    expect(html).toContain('<p class="ed-witness">Text of witness B: Codex B, which begins late and ends early</p>');
    expect(count(html, '<span class="lacuna lacuna-not-begun">[lacuna: B has not begun]</span>')).toBe(1);
    expect(count(html, '<span class="lacuna lacuna-ended">[lacuna: B has ended]</span>')).toBe(2);
    for (const word of ['Alpha', 'Kappa', 'Iota']) expect(html).not.toContain(word);
    expect(files.C.html).toContain('<p class="ed-witness">Text of witness C: Codex C, with a lacuna</p>');
    expect(count(files.C.html, '[lacuna in C]')).toBe(5);
    for (const word of ['Delta', 'Epsilon', 'Zeta', 'Kappa', 'Iota']) expect(files.C.html).not.toContain(word);
    expect(files[''].html).not.toContain('ed-witness');
  });

  testIf(POPPLER, 'pdftotext (poppler-utils) not installed')('PDF: the statement on the title page, the markers, the event wording, and no word from outside the extent', () => {
    const b = flat(pdfText(files.B.pdf!));
    expect(b).toContain('Text of witness B: Codex B, which begins late and ends early');
    expect(b).toContain('[lacuna: B has not begun] Beta with all three.');
    expect(count(b, '[lacuna: B has ended]')).toBe(2);
    for (const word of ['Alpha', 'Kappa', 'Iota']) expect(b).not.toContain(word);
    expect(b).toMatch(/\d B begins/);
    expect(b).toMatch(/\d B ends; C breaks off/);
    expect(b).not.toContain('om.');
    const c = flat(pdfText(files.C.pdf!));
    expect(c).toContain('Text of witness C: Codex C, with a lacuna');
    expect(count(c, '[lacuna in C]')).toBe(5);
    for (const word of ['Delta', 'Epsilon', 'Zeta', 'Kappa', 'Iota']) expect(c).not.toContain(word);
    expect(flat(pdfText(files[''].pdf!))).not.toContain('Text of witness');
  });

  test('a witness no reading names (D) is refused, located at its declaration, and nothing is written for it', () => {
    const r = cli(['build', FIXTURE, '--out', out, '--format', 'txt', '--witness', 'D']);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain(
      `${FIXTURE}:12:11: error: --witness D: witness D is declared but the edition records no readings of it, so there is no text of D to publish [build-witness-without-readings]`,
    );
    expect(readdirSync(out).filter((f) => f.includes('.D.'))).toEqual([]);
  });
});

describe('the model', () => {
  const variants = (e: Edition): VariantNode[] => {
    const out: VariantNode[] = [];
    const visit = (nodes: readonly Inline[]): void => {
      for (const n of nodes) {
        if (n.kind === 'variant') out.push(n);
        if ('children' in n) visit(n.children);
      }
    };
    const blocks = (bs: Edition['blocks']): void => {
      for (const b of bs) if (b.kind === 'paragraph') visit(b.children);
      else blocks(b.children);
    };
    blocks(e.blocks);
    return out;
  };

  test('an app of events alone has no lemma and shows nothing (shown -1); each reading carries its events', async () => {
    const e = await model(FIXTURE);
    const [begins, , breaks, , , two] = variants(e);
    expect(begins.shown).toBe(-1);
    expect(begins.readings.map((r) => [r.lemma, r.fragment])).toEqual([[false, ['begins']]]);
    expect(breaks.readings[0].fragment).toEqual(['breaks-off']);
    expect(two.shown).toBe(-1);
    expect(two.readings.map((r) => r.fragment)).toEqual([['ends'], ['breaks-off']]);
    expect(e.witnesses.find((w) => w.id === 'A')?.base).toBe(true);
  });
});

describe('the letter: R has no recorded readings', () => {
  test('`--witness R` is refused with a message saying so, never the base text under its siglum', () => {
    const out = tempDir('edition-letter-r-');
    const r = cli(['build', LETTER, '--out', out, '--format', 'txt,html', '--witness', 'R']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(
      `${LETTER}:34:11: error: --witness R: witness R is declared but the edition records no readings of it, so there is no text of R to publish [build-witness-without-readings]`,
    );
    expect(r.stderr).toContain('hint: cite #R in the @wit of the readings it attests (or mark it as the base text with <text source="#R">), or build the edited text without --witness');
    expect(readdirSync(out).filter((f) => f.includes('.R.'))).toEqual([]);
  });
});

describe('corpus documents with fragmentary witnesses (../shared)', () => {
  testIf(existsSync(PTA0003), '../shared/corpus absent')('pta0003 `--witness C`: no text before C begins, markers where C has none, events in the apparatus', async () => {
    const base = textOf(await model(PTA0003));
    const txt = textOf(await model(PTA0003, 'C'));
    // The edited text opens with F's first words; C has not begun there.
    expect(body(base)).toContain('Τὸ πνεῦμα τῷ προφήτῃ ἐδείκνυ');
    const b = flatBody(txt);
    expect(b).not.toContain('Τὸ πνεῦμα τῷ προφήτῃ ἐδείκνυ');
    expect(flat(txt)).toContain('Text of witness C: C1 Vat. Chig. R. VIII 54, s. X, Catena; C2 Vat. Ottobonianus gr. 452, s. XI, Catena; C3 Vat. gr. 755, s. X–XI, Catena; C4 Hss. der Katene des Nikolaus Muzalon, nur zu Kap. 1–5 verglichen');
    // Before C's first witStart (entry a1, "F ends; C begins"), markers only.
    const before = b.slice(0, b.indexOf('[a1]'));
    expect(before.replace(/\[lacuna: C has not begun\]/g, '').trim()).toBe('');
    expect(before).toContain('[lacuna: C has not begun]');
    expect(count(b, '[lacuna: C has ended]')).toBeGreaterThan(100);
    const list = entries(txt);
    expect(list.length).toBeGreaterThan(1000);
    // Every variant entry of this apparatus is an event (no "om.", no bare "10 C" line); the others are the
    // editor's interventions (supplied, secluded, illegible), worded as such.
    const events = list.filter((l) => / (begins|ends)\b/.test(l));
    expect(events.filter((l) => !/^\[a\d+\] [A-Z]\d* (begins|ends)(; [A-Z]\d* (begins|ends))?$/.test(l))).toEqual([]);
    expect(events.length).toBeGreaterThan(1000);
    expect(list.filter((l) => !events.includes(l) && !/ (suppl|secl|ill|lac)\./.test(l))).toEqual([]);
    expect(list.filter((l) => /^\[a\d+\] [A-Z]\d*$/.test(l))).toEqual([]);
    expect(list).toContain('[a1] F ends; C begins');
  });

  testIf(existsSync(PTA0040), '../shared/corpus absent')('pta0040 `--witness X`: X breaks off after ἀμπελώνας and resumes with ἐνεφράγη', async () => {
    const base = textOf(await model(PTA0040));
    expect(entries(base)).toEqual(expect.arrayContaining([expect.stringMatching(/^\[a\d+\] ἀμπελώνας X breaks off$/), expect.stringMatching(/^\[a\d+\] ἐνεφράγη X resumes$/)]));
    const x = flatBody(textOf(await model(PTA0040, 'X')));
    expect(x).toMatch(/ἀμπελώνας\[a\d+\] \[lacuna in X\]/);
    expect(x).toMatch(/\[lacuna in X\] ἐνεφράγη/);
  });
});

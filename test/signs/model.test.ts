/**
 * The signs table (behaviours.ts SIGNS, INTERVENTIONS) and what the model
 * makes of it: every intervention carries its signs and an apparatus entry
 * whose readings say everything the apparatus prints; the legend lists the
 * signs used, and only those.
 */
import path from 'node:path';
import { readFileSync } from 'node:fs';
import { gapSign, INTERVENTIONS, SIGNS } from '../../src/model/behaviours';
import { buildEdition } from '../../src/model/read-tei';
import { legendOf } from '../../src/model/signs';
import type { AlternateNode, EditorialNode, EditorialType, Edition, GapNode, Inline, ModelOptions, Sign } from '../../src/model/types';
import { readingText } from '../../src/model/words';
import { parseDocument } from '../../src/parse/load';
import { allInlines, inlinesOf } from '../model/helpers';

const FIXTURE = path.join(__dirname, '../fixtures/signs/interventions.xml');

function fromXml(xml: string, options: ModelOptions = { mode: 'reading' }, file = 'inline.xml'): Edition {
  const loaded = parseDocument(file, Buffer.from(xml));
  if (!loaded.document) throw new Error(loaded.diagnostics.map((d) => d.message).join('; '));
  return buildEdition(loaded.document, options);
}

const fixture = (mode: ModelOptions['mode']): Edition => fromXml(readFileSync(FIXTURE, 'utf8'), { mode }, FIXTURE);

/** A document whose body is `body`. */
const doc = (body: string): string =>
  `<TEI xmlns="http://www.tei-c.org/ns/1.0"><teiHeader><fileDesc><titleStmt><title>t</title></titleStmt><publicationStmt><p/></publicationStmt><sourceDesc><p/></sourceDesc></fileDesc></teiHeader><text><body>${body}</body></text></TEI>`;

const editorial = (e: Edition, type: EditorialType): EditorialNode => {
  const node = inlinesOf(e).flatMap((n) => allInlines([n])).find((n): n is EditorialNode => n.kind === 'editorial' && n.type === type);
  if (!node) throw new Error(`no ${type} node`);
  return node;
};

const entryOf = (e: Edition, id: string | undefined) => {
  const entry = e.apparatus.find((x) => x.id === id);
  if (!entry) throw new Error(`no entry ${id}`);
  return entry;
};

const text = (nodes: readonly Inline[]): string => readingText([{ kind: 'paragraph', role: 'other', children: [...nodes] }]).trim();

describe('the signs table', () => {
  const signs: Sign[] = Object.values(SIGNS);

  test('every sign has a legend form and a meaning, and a name of its own', () => {
    for (const s of signs) {
      expect(s.shows.trim()).not.toBe('');
      expect(s.meaning.trim()).not.toBe('');
      expect(s.open !== '' || s.close !== '' || s.mark !== undefined).toBe(true);
    }
    expect(new Set(signs.map((s) => s.name)).size).toBe(signs.length);
  });

  test('every behaviour takes its signs from the table, and every sign of the table is some behaviour\'s', () => {
    const used = new Set<Sign>([gapSign('lost'), gapSign('illegible'), SIGNS.symbol]);
    for (const [type, rule] of Object.entries(INTERVENTIONS)) {
      for (const mode of ['reading', 'diplomatic'] as const) {
        const s = rule[mode].signs;
        if (!s) continue;
        expect([type, signs.includes(s)]).toEqual([type, true]);
        used.add(s);
      }
    }
    expect(signs.filter((s) => !used.has(s)).map((s) => s.name)).toEqual([]);
  });

  test('the legend lists the signs used, in table order, and no other', () => {
    const supplied = fromXml(doc('<p>a <supplied>b</supplied> c</p>'));
    expect(supplied.legend).toEqual([{ name: 'supplied', shows: '[ ]', meaning: SIGNS.supplied.meaning }]);
    // A deletion the reading text hides prints no sign; the diplomatic text prints it.
    const del = doc('<p>a <del>b</del> <gap reason="illegible"/> <supplied>c</supplied></p>');
    expect(fromXml(del).legend?.map((l) => l.name)).toEqual(['supplied', 'illegible']);
    expect(fromXml(del, { mode: 'diplomatic' }).legend?.map((l) => l.name)).toEqual(['supplied', 'deleted', 'illegible']);
    expect(fromXml(doc('<p>plain</p>')).legend).toEqual([]);
    // Computed the same for a model that did not carry it.
    const e = fixture('reading');
    expect(legendOf(e)).toEqual(e.legend);
  });
});

describe('interventions in the model', () => {
  const reading = fixture('reading');
  const diplomatic = fixture('diplomatic');

  test('each node carries the signs of its mode', () => {
    const signsOf = (e: Edition, t: EditorialType): string | undefined => editorial(e, t).signs?.name;
    expect(signsOf(reading, 'supplied')).toBe('supplied');
    expect(signsOf(reading, 'surplus')).toBe('surplus');
    expect(signsOf(reading, 'unclear')).toBe('unclear');
    expect(signsOf(reading, 'damaged')).toBe('damaged');
    expect(signsOf(reading, 'crux')).toBe('crux');
    expect(signsOf(reading, 'expansion')).toBe('expansion');
    expect(signsOf(reading, 'added')).toBeUndefined();
    expect(editorial(reading, 'deleted')).toMatchObject({ visible: false });
    expect(editorial(reading, 'deleted').signs).toBeUndefined();
    expect(signsOf(diplomatic, 'added')).toBe('added');
    expect(signsOf(diplomatic, 'deleted')).toBe('deleted');
    // ex alone (the one in the choice is a form of the choice, which decides whether it shows).
    const exAlone = inlinesOf(diplomatic).filter((n): n is EditorialNode => n.kind === 'editorial' && n.type === 'expansion').pop();
    expect(exAlone).toMatchObject({ visible: false });
    const gaps = inlinesOf(reading).filter((n): n is GapNode => n.kind === 'gap');
    expect(gaps.map((g) => g.signs?.open)).toEqual(['[…]', '…']);
  });

  test('every intervention is an apparatus entry: the editor\'s form (resp) and the source\'s, with the apparatus wording', () => {
    const kinds = reading.apparatus.map((e) => [e.kind, e.type]);
    expect(kinds).toEqual(
      [
        'supplied', 'surplus', 'deleted', 'added', 'substitution', 'unclear', 'damaged', 'restored', 'hand-shift', 'expansion', 'glyph', 'glyph',
        'gap', 'gap',
      ].map((t) => ['intervention', t]),
    );
    const supplied = entryOf(reading, editorial(reading, 'supplied').entry);
    expect(supplied.readings).toMatchObject([
      { editorial: true, lemma: true, resp: ['ed1'], wits: [], label: 'suppl.' },
      { editorial: false, lemma: false, resp: [], wits: [], label: 'lac.', children: [] },
    ]);
    expect(text(supplied.readings[0].children)).toBe('lost');
    const surplus = entryOf(reading, editorial(reading, 'surplus').entry);
    expect(surplus.readings.map((r) => [r.label, text(r.children)])).toEqual([['secl.', ''], [undefined, 'twice']]);
    // The lemma is the form the text shows: the surplus words (the source's), the supplied ones (the editor's) in both texts.
    expect(surplus.readings.map((r) => r.lemma)).toEqual([false, true]);
    const dSupplied = entryOf(diplomatic, editorial(diplomatic, 'supplied').entry);
    expect(dSupplied.readings.map((r) => r.lemma)).toEqual([true, false]);
    const dDel = entryOf(diplomatic, editorial(diplomatic, 'deleted').entry);
    expect(dDel.readings.map((r) => r.lemma)).toEqual([false, true]);
    const del = entryOf(reading, editorial(reading, 'deleted').entry);
    expect(del.readings.map((r) => [r.label, text(r.children)])).toEqual([[undefined, ''], ['del. (strikethrough)', 'gone']]);
    const add = entryOf(reading, editorial(reading, 'added').entry);
    expect(add.readings[1]).toMatchObject({ label: 'add. supra lin. m. h2', editorial: false });
    expect(entryOf(reading, editorial(reading, 'unclear').entry).readings[1].label).toBe('vix leg. (faded)');
    expect(entryOf(reading, editorial(reading, 'damaged').entry).readings[1].label).toBe('damaged (water)');
    const gaps = inlinesOf(reading).filter((n): n is GapNode => n.kind === 'gap');
    expect(gaps.map((g) => entryOf(reading, g.entry).readings[1].label)).toEqual(['lac. 3 letters', 'ill. 2 words']);
  });

  test('subst: one entry, the addition against the deletion; its add and del print their own signs', () => {
    const subst = editorial(diplomatic, 'substitution');
    const entry = entryOf(diplomatic, subst.entry);
    expect(entry.readings.map((r) => [r.editorial, r.lemma, r.label, text(r.children)])).toEqual([
      [true, false, undefined, 'new'],
      [false, true, 'a.c.', 'old'],
    ]);
    expect(subst.children.map((c) => (c.kind === 'editorial' ? [c.type, c.signs?.name, c.entry] : c.kind))).toEqual([
      ['deleted', 'deleted', undefined],
      ['added', 'added', undefined],
    ]);
    expect(text(editorial(reading, 'substitution').children)).toBe('new');
  });

  test('restore: the deletion it cancels shows in the reading text, without signs', () => {
    const restore = editorial(reading, 'restored');
    expect(text(restore.children)).toBe('kept');
    expect(entryOf(reading, restore.entry).readings[1].label).toBe('del., restored');
  });

  test('handShift: no text, one reading saying which hand begins', () => {
    const shift = editorial(reading, 'hand-shift');
    expect(shift.children).toEqual([]);
    expect(entryOf(reading, shift.entry).readings).toMatchObject([{ lemma: true, editorial: false, label: 'hand h2 begins', children: [] }]);
    // Its call stands after the word before it, not before the next one.
    expect(readingText(reading.blocks)).toContain('Then another hand');
  });

  test('am/ex in a choice: an expansion; ex alone keeps its brackets and makes no entry', () => {
    const alt = inlinesOf(reading).find((n): n is AlternateNode => n.kind === 'alternate');
    expect(alt).toMatchObject({ type: 'expansion', shown: 'edited' });
    expect(alt?.edited).toMatchObject([{ kind: 'editorial', type: 'expansion', signs: { open: '(', close: ')' } }]);
    expect(alt?.transmitted).toMatchObject([{ kind: 'editorial', type: 'abbreviation-mark', children: [{ text: 'ꝑ' }] }]);
    expect(entryOf(reading, alt?.entry).readings.map((r) => [r.editorial, text(r.children)])).toEqual([
      [true, 'per'],
      [false, 'ꝑ'],
    ]);
    const dAlt = inlinesOf(diplomatic).find((n): n is AlternateNode => n.kind === 'alternate');
    expect(dAlt?.shown).toBe('transmitted');
    const lucius = inlinesOf(reading).filter((n): n is EditorialNode => n.kind === 'editorial' && n.type === 'expansion');
    expect(lucius.map((n) => n.entry)).toEqual([undefined]);
  });

  test('g: the character its charDecl glyph maps to, for each mode; an undeclared empty g is a described symbol', () => {
    const glyphs = (e: Edition) => inlinesOf(e).filter((n): n is EditorialNode => n.kind === 'editorial' && n.type === 'glyph');
    expect(glyphs(reading).map((g) => [text(g.children), g.signs?.name])).toEqual([['s', undefined], ['cross', 'symbol']]);
    expect(glyphs(diplomatic).map((g) => text(g.children))).toEqual(['ſ', 'cross']);
    expect(entryOf(reading, glyphs(reading)[0].entry).readings[1].label).toBe('glyph: long s');
    // A g with text of its own prints it and needs no entry.
    const own = fromXml(doc('<p>a<g ref="#nowhere">·</g>b</p>'));
    expect(readingText(own.blocks).trim()).toBe('a·b');
    expect(own.apparatus).toEqual([]);
  });

  test('sic alone is a crux in the reading text, plain in the diplomatic one', () => {
    expect(editorial(reading, 'crux').signs?.shows).toBe('† †');
    expect(editorial(diplomatic, 'crux').signs).toBeUndefined();
  });
});

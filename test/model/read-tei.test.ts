import { readingText, readingWords } from '../../src/model/words';
import type { AlternateNode, BreakNode, Container, EntityRef, LinkNode, VariantNode } from '../../src/model/types';
import { build, inlinesOf, paragraphs } from './helpers';

describe('metadata', () => {
  const ed = build('letter.xml');

  test('title, people, place and date', () => {
    expect(ed.meta.title).toBe('Open Letter to Romain Rolland');
    expect(ed.meta.subtitle).toBe('An English translation');
    // The name parts come from the person entry the author points to: citations need the family name.
    expect(ed.meta.authors).toEqual([{ name: 'Ida Mett', ref: 'mett', parts: { family: 'Mett', given: 'Ida' } }]);
    expect(ed.meta.editors.map(({ role, names }) => ({ role, names }))).toEqual([
      { role: 'translator', names: ['Anonymous Translator'] },
      { role: 'Encoding', names: ['A. Encoder', 'B. Encoder'] },
    ]);
    expect(ed.meta.editors[1].people?.map((p) => p.name)).toEqual(['A. Encoder', 'B. Encoder']);
    expect(ed.meta.place).toBe('Brussels');
    expect(ed.meta.date).toEqual({ when: '1931-04-23', text: '23 April 1931' });
    // The entry marks no surname: no parts (the citation stage may guess, and says so).
    expect(ed.meta.addressees).toEqual([{ name: 'Romain Rolland', ref: 'rolland' }]);
  });

  test('edition, publication, licence, sources, languages, keywords', () => {
    expect(ed.meta.edition).toEqual({ text: 'Second digital edition, May 2024', version: '1.2', date: '2024-05-01' });
    expect(ed.meta.publisher).toBe('Test Press');
    expect(ed.meta.pubPlace).toBe('Brussels');
    expect(ed.meta.pubDate).toBe('2024-05-01');
    expect(ed.meta.identifiers).toEqual([
      { type: 'local', value: 'mett/1931 rolland' },
      { type: 'DOI', value: '10.1234/abc' },
    ]);
    // A licence given only by its @target still has a text to show.
    expect(ed.meta.licence).toEqual({ text: 'https://creativecommons.org/licenses/by/4.0/', url: 'https://creativecommons.org/licenses/by/4.0/' });
    expect(ed.meta.sources).toEqual(['Le Réveil, 16 May 1931.']);
    expect(ed.meta.languages).toEqual([{ ident: 'en', name: 'English' }, { ident: 'fr', name: 'French' }]);
    expect(ed.meta.keywords).toEqual(['anarchism', 'Soviet Union']);
  });

  test('id from the local idno, sanitised to a safe file name; lang from text', () => {
    expect(ed.id).toBe('mett-1931-rolland');
    expect(ed.lang).toBe('en');
  });

  test('date ranges and missing fields', () => {
    const s = build('structure.xml');
    expect(s.meta.date).toEqual({ when: '1900', text: '1900–1910' });
    expect(s.lang).toBe('de');
    expect(s.id).toBe('structure');
    expect(s.meta.authors).toEqual([]);
  });
});

describe('witnesses and entities', () => {
  const ed = build('letter.xml');

  test('witness list from listWit in the header, siglum from @n', () => {
    expect(ed.witnesses.map((w) => [w.id, w.siglum, w.description])).toEqual([
      ['A', 'A1', 'First print'],
      ['B', 'B', 'Second print'],
    ]);
  });

  test('names, dates and descriptions of list entries', () => {
    const mett = ed.entities.find((e) => e.id === 'mett');
    expect(mett).toMatchObject({
      kind: 'person', name: 'Ida Mett', altNames: ['Ida Lazarévitch'], dates: '1901–1973',
      birth: '20 July 1901, Smorgon', death: 'Paris', description: 'physician',
    });
  });

  test('authority ids with resolvable URLs, from idno and @sameAs', () => {
    const rolland = ed.entities.find((e) => e.id === 'rolland');
    expect(rolland?.authorities).toEqual([
      { scheme: 'wikidata', value: 'Q1001', url: 'https://www.wikidata.org/wiki/Q1001' },
      { scheme: 'viaf', value: '123456', url: 'https://viaf.org/viaf/123456' },
      { scheme: 'gnd', value: '118601024', url: 'https://d-nb.info/gnd/118601024' },
    ]);
    expect(ed.entities.find((e) => e.id === 'brussels')?.authorities).toEqual([
      { scheme: 'geonames', value: '2800866', url: 'https://www.geonames.org/2800866' },
    ]);
  });

  test('references resolve to entries and collect occurrence anchors', () => {
    const refs = inlinesOf(ed).filter((n): n is EntityRef => n.kind === 'entity');
    const lenins = refs.filter((r) => r.refs.includes('lenin'));
    expect(lenins.map((r) => r.occurrence)).toEqual(['occ-lenin-1', 'lenin-2']);
    expect(ed.entities.find((e) => e.id === 'lenin')?.occurrences).toEqual(['occ-lenin-1', 'lenin-2']);
    expect(ed.entities.find((e) => e.id === 'brussels')?.occurrences).toEqual(['occ-brussels-1']);
    expect(lenins[0].entityKind).toBe('person');
  });

  test('a generated occurrence id never collides with a document xml:id', () => {
    const all = inlinesOf(build('apparatus.xml')).filter((n): n is EntityRef => n.kind === 'entity');
    expect(new Set(all.map((r) => r.occurrence)).size).toBe(all.length);
  });
});

describe('reading text', () => {
  test('choice: corr in reading mode, sic in diplomatic mode, both kept', () => {
    const reading = build('letter.xml');
    const diplomatic = build('letter.xml', { mode: 'diplomatic' });
    expect(readingText(reading.blocks)).toContain('Count Coudenhove-Kalergi');
    expect(readingText(reading.blocks)).not.toContain('Goudenhoy');
    expect(readingText(diplomatic.blocks)).toContain('Count Goudenhoy-Kalergi');
    const alt = inlinesOf(reading).find((n): n is AlternateNode => n.kind === 'alternate');
    expect(alt).toMatchObject({ type: 'correction', shown: 'edited', resp: ['ed'], cert: 'high' });
    const entry = reading.apparatus.find((e) => e.id === alt?.entry);
    expect(entry?.kind).toBe('intervention');
    expect(entry?.readings.map((r) => [r.type, r.lemma, r.editorial, r.resp, r.wits])).toEqual([
      ['corr', true, true, ['ed'], []],
      ['sic', false, false, [], []],
    ]);
    expect(inlinesOf(diplomatic).find((n): n is AlternateNode => n.kind === 'alternate')?.shown).toBe('transmitted');
  });

  test('words are not joined or split across element boundaries', () => {
    const text = readingText(build('letter.xml').blocks);
    expect(text).toContain('I say to Lenin’s Russia and to Lenin.');
    expect(text).toContain('Line break and hyphenated, added en français.');
    expect(text).toContain('Brussels, 23 April 1931');
  });

  test('lb keeps a break node; @break="no" joins', () => {
    const breaks = inlinesOf(build('letter.xml')).filter((n): n is BreakNode => n.kind === 'break');
    expect(breaks.map((b) => b.joins ?? false)).toEqual([false, true]);
  });

  test('del: hidden in reading mode, shown in diplomatic mode', () => {
    expect(readingWords(build('letter.xml'))).not.toContain('deleted');
    expect(readingWords(build('letter.xml', { mode: 'diplomatic' }))).toContain('deleted');
    expect(readingText(build('letter.xml', { mode: 'diplomatic' }).blocks)).toContain('hyphenated, deleted added');
  });

  test('a language change is marked', () => {
    const foreign = inlinesOf(build('letter.xml')).find((n) => n.kind === 'foreign');
    expect(foreign).toMatchObject({ kind: 'foreign', lang: 'fr' });
  });
});

describe('links', () => {
  test('unsafe targets are dropped, their text kept', () => {
    const ed = build('letter.xml');
    const links = inlinesOf(ed).filter((n): n is LinkNode => n.kind === 'link');
    expect(links.map((l) => l.href)).toEqual(['https://example.org/', '#p3']);
    expect(readingText(ed.blocks)).toContain('A link bad and good and inner.');
  });
});

describe('notes', () => {
  test('a note becomes a reference at its place and a numbered note', () => {
    const ed = build('letter.xml');
    expect(ed.notes).toHaveLength(1);
    const note = ed.notes[0];
    expect(note).toMatchObject({ n: 1, label: '*', type: 'editorial', resp: ['ed'] });
    const ref = inlinesOf(ed).find((n) => n.kind === 'noteRef');
    expect(ref).toMatchObject({ kind: 'noteRef', note: note.id, id: note.anchor });
    expect(readingText(note.children)).toBe('A note.\n');
  });

  test('notes are numbered in document order, also inside readings and at block level', () => {
    const ed = build('apparatus.xml');
    expect(ed.notes.map((n) => [n.n, readingText(n.children).trim()])).toEqual([
      [1, 'inside lem'],
      [2, 'on the app'],
    ]);
  });

  test('a note with @target is attached where it points', () => {
    const ed = build('structure.xml');
    const attached = ed.notes.find((n) => readingText(n.children).includes('attached to the anchor'));
    expect(attached).toBeDefined();
    const first = paragraphs(ed.blocks).find((p) => readingText([p]).trim().startsWith('First'));
    const kinds = first?.children.map((c) => c.kind);
    expect(kinds?.slice(0, 5)).toEqual(['break', 'text', 'generic', 'noteRef', 'text']);
  });
});

describe('apparatus', () => {
  const ed = build('apparatus.xml');
  const variants = inlinesOf(ed).filter((n): n is VariantNode => n.kind === 'variant');
  const entry = (v: VariantNode) => ed.apparatus.find((e) => e.id === v.entry);

  test('lem and rdg with witnesses; inner markup kept in readings', () => {
    const first = entry(variants[0]);
    expect(first).toMatchObject({ kind: 'variant', type: 'substantive', n: 1, block: 'p-1' });
    expect(first?.readings.map((r) => [r.lemma, r.wits])).toEqual([
      [true, ['A']],
      [false, ['B', 'C']],
    ]);
    expect(first?.readings[0].children[0]).toMatchObject({ kind: 'entity', entityKind: 'person', refs: ['caesar'] });
    expect(variants[0].shown).toBe(0);
  });

  test('rdgGrp type becomes the reading group', () => {
    expect(entry(variants[1])?.readings[1]).toMatchObject({ group: 'orthographic', wits: ['C'] });
  });

  test('without lem, the first reading is shown and marked as lemma', () => {
    const v = variants[2];
    expect(v.shown).toBe(0);
    expect(entry(v)?.readings.map((r) => r.lemma)).toEqual([true, false]);
    expect(readingText(ed.blocks)).toContain('And won.');
  });

  test('nested app and empty rdg with @cause', () => {
    const outer = entry(variants[3]);
    const inner = entry(variants[4]);
    expect(outer?.nested).toEqual([inner?.id]);
    expect(outer?.readings[1]).toMatchObject({ wits: ['C'], cause: 'homeoteleuton', children: [] });
    expect(readingText(ed.blocks)).toContain('Then all good things ended.');
  });

  test('a reading with @resp and no @wit is a conjecture', () => {
    expect(entry(variants[5])?.readings[1]).toMatchObject({ editorial: true, resp: ['bentley'], wits: [] });
  });

  test('a witness option shows that witness’s readings, and leaves other interventions alone', () => {
    const b = build('apparatus.xml', { mode: 'reading', witness: 'B' });
    const text = readingText(b.blocks);
    expect(text).toContain('The Cesar came.');
    expect(text).toContain('He saw it.');
    expect(text).toContain('And lost.');
    expect(text).toContain('Then all bad things ended.');
    expect(text).toContain('Unaffected Mister the color cat.');
    const c = readingText(build('apparatus.xml', { mode: 'reading', witness: 'C' }).blocks);
    expect(c).toContain('He sah it.');
    expect(c).toContain('Then ended.');
  });

  test('choice with two corr lists both; abbr/expan and orig/reg; other choices become alternatives', () => {
    const interventions = ed.apparatus.filter((e) => e.kind === 'intervention');
    // The del before them is an intervention too (an apparatus entry since issue 14).
    expect(interventions.map((e) => e.type)).toEqual(['deleted', 'expansion', 'correction', 'regularisation', 'alternatives']);
    expect(interventions[2].readings.map((r) => [r.type, r.lemma])).toEqual([
      ['corr', true],
      ['corr', false],
      ['sic', false],
    ]);
    const dipl = readingText(build('apparatus.xml', { mode: 'diplomatic' }).blocks);
    expect(dipl).toContain('Unaffected gone Mr teh colour cat.');
  });

  test('witnesses from back; entity lists in back are data, not text', () => {
    expect(ed.witnesses.map((w) => w.siglum)).toEqual(['A', 'β', 'C']);
    expect(readingText(ed.blocks)).not.toContain('Julius');
    expect(ed.entities.find((e) => e.id === 'caesar')?.authorities[0].url).toBe('https://viaf.org/viaf/96151865');
  });
});

describe('blocks', () => {
  const ed = build('structure.xml');
  const text = readingText(ed.blocks);

  test('front, body and back in order; sections with headings', () => {
    expect(ed.blocks[0]).toMatchObject({ kind: 'container', role: 'front' });
    expect(ed.blocks[ed.blocks.length - 1]).toMatchObject({ kind: 'container', role: 'back' });
    const chapter = ed.blocks.find((b): b is Container => b.kind === 'container' && b.role === 'section');
    expect(chapter).toMatchObject({ id: 'ch1', type: 'chapter' });
    expect(readingText([{ kind: 'paragraph', role: 'heading', children: chapter?.heading ?? [] }])).toBe('Chapter one\n');
    expect(chapter?.heading?.[1]).toMatchObject({ kind: 'emphasis', style: 'bold', children: [{ kind: 'emphasis', style: 'italic' }] });
  });

  test('paragraph numbers count body paragraphs only', () => {
    const numbered = paragraphs(ed.blocks).filter((p) => p.number !== undefined);
    expect(numbered.map((p) => p.number)).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(numbered.map((p) => p.id)).toEqual(['p-1', 'p-2', 'p-3', 'p-4', 'p-5', 'p-6', 'p-7']);
    expect(paragraphs(ed.blocks).find((p) => readingText([p]).includes('Front paragraph'))?.number).toBeUndefined();
  });

  test('a list inside a paragraph is flattened without joining words', () => {
    expect(text).toContain('First paragraph with a first item second item inside.');
  });

  test('loose text between blocks becomes a paragraph; pb and running heads move to the next paragraph', () => {
    expect(text).toContain('Loose text in a div.');
    expect(text).not.toContain('Running head');
    const second = paragraphs(ed.blocks).find((p) => readingText([p]).includes('Second'));
    expect(second?.children[0]).toMatchObject({ kind: 'generic', hidden: true, role: 'fw' });
    expect(second?.children[1]).toMatchObject({ kind: 'break', type: 'page', n: '2' });
    // An illegible gap: Leiden's dots without brackets (lost text has them).
    expect(text).toContain('Second paragraph, a … and');
    expect(text).toContain('and a space.');
  });

  test('gap keeps its reason and extent', () => {
    const gap = inlinesOf(ed).find((n) => n.kind === 'gap');
    expect(gap).toMatchObject({ reason: 'illegible: blot', extent: '3 words' });
  });

  test('quotations, verse, tables, figures, speeches, floating texts and unknown blocks keep their text', () => {
    for (const t of ['A block quotation.', 'Cited words', 'Source, p. 3', 'Verse one\nVerse two', 'c1\nc2', 'Figure description',
      'Speaker\nSpoken words.', 'Floating words.', 'Inside unknown block.', 'Anonymous block.', 'Front title']) {
      expect(text).toContain(t);
    }
    const figure = paragraphs(ed.blocks).find((p) => readingText([p]).includes('Figure description'));
    expect(figure).toBeDefined();
    const verse = paragraphs(ed.blocks).filter((p) => p.role === 'verse-line');
    expect(verse.map((p) => p.n)).toEqual(['1', '2']);
  });

  test('bibliography in back is data: an entity of kind work', () => {
    expect(text).not.toContain('A Book');
    expect(ed.entities.find((e) => e.id === 'b1')).toMatchObject({ kind: 'work', name: 'A Book' });
  });
});

describe('teiCorpus', () => {
  test('each TEI is a section headed by its title; numbering runs through', () => {
    const ed = build('corpus.xml');
    expect(ed.meta.title).toBe('A small corpus');
    expect(ed.blocks.map((b) => b.kind === 'container' && readingText([{ kind: 'paragraph', role: 'heading', children: b.heading ?? [] }]))).toEqual([
      'First text\n',
      'Second text\n',
    ]);
    expect(paragraphs(ed.blocks).map((p) => p.number)).toEqual([1, 2, 3]);
    expect(readingText(ed.blocks)).toContain('Gamma words.');
  });
});

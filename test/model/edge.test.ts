import type { GenericInline } from '../../src/model/types';
import { readingText } from '../../src/model/words';
import { buildString, inlinesOf, paragraphs, tei } from './helpers';

describe('edge cases', () => {
  test('the edition id cannot escape the output folder', () => {
    const ed = buildString(tei('<text><body><p>x</p></body></text>', '<title>T</title>').replace('<p>x</p></publicationStmt>', '<idno type="local">../../evil name</idno></publicationStmt>'));
    expect(ed.id).toBe('evil-name');
    expect(buildString(tei('<text><body><p>x</p></body></text>'), { mode: 'reading' }, '/tmp/../..').id).toMatch(/^[A-Za-z0-9._-]+$/);
    expect(buildString(tei('<text><body><p>x</p></body></text>', '<title>T</title>', ' xml:id="from-root"')).id).toBe('from-root');
  });

  test('an unknown element keeps its text as a generic inline', () => {
    const ed = buildString(tei('<text><body><p>a <x:thing xmlns:x="urn:x">b <zz>c</zz></x:thing> d</p></body></text>'));
    expect(readingText(ed.blocks)).toBe('a b c d\n');
    const g = inlinesOf(ed).filter((n): n is GenericInline => n.kind === 'generic');
    expect(g.map((n) => n.role)).toEqual(['x-thing', 'zz']);
  });

  test('text directly in body and inline elements at block level become paragraphs', () => {
    const ed = buildString(tei('<text><body>loose <hi>words</hi><p>para</p>tail</body></text>'));
    expect(readingText(ed.blocks)).toBe('loose words\npara\ntail\n');
    expect(paragraphs(ed.blocks).map((p) => p.role)).toEqual(['other', 'paragraph', 'other']);
  });

  test('notes in the header are not notes of the text', () => {
    const ed = buildString(tei('<text><body><p>x</p></body></text>', '<title>T<note>header note</note></title>'));
    expect(ed.notes).toEqual([]);
  });

  test('a floatingText inside a note does not take paragraph numbers', () => {
    const ed = buildString(tei('<text><body><p>one<note><floatingText><body><p>inner</p></body></floatingText></note></p><p>two</p></body></text>'));
    expect(paragraphs(ed.blocks).map((p) => p.number)).toEqual([1, 2]);
  });

  test('witness given with #', () => {
    const ed = buildString(tei('<text><body><p><app><lem wit="#A">a</lem><rdg wit="#B">b</rdg></app></p></body></text>'), { mode: 'reading', witness: '#B' });
    expect(readingText(ed.blocks)).toBe('b\n');
  });

  test('an empty document does not crash', () => {
    const ed = buildString('<TEI xmlns="http://www.tei-c.org/ns/1.0"><text><body/></text></TEI>');
    expect(ed.blocks).toEqual([]);
    expect(ed.meta.title).toBe('inline');
    expect(ed.lang).toBe('und');
  });

  test('whitespace: runs collapse, block edges trim, deletions leave no double space', () => {
    const ed = buildString(tei('<text><body><p>\n  a   <hi> b </hi>\n c <del>x</del> d <lb/> e<lb break="no"/>\n  f  </p></body></text>'));
    const p = paragraphs(ed.blocks)[0];
    expect(readingText([p])).toBe('a b c d ef\n');
    expect(JSON.stringify(p.children)).not.toMatch(/"text":"(?: |[^"]*  [^"]*)"/);
  });

  test('authority URIs in @ref resolve to the entry with that id, or make an entity', () => {
    const ed = buildString(tei(
      '<standOff><listPerson><person xml:id="r"><persName>Romain Rolland</persName><idno type="GND">118601024</idno></person></listPerson></standOff>' +
      '<text><body><p><persName ref="https://d-nb.info/gnd/118601024">Rolland</persName> and <persName ref="http://www.wikidata.org/entity/Q1394">Lenin</persName>' +
      ' and <persName ref="https://www.wikidata.org/wiki/Q1394">V. I. Lenin</persName> in <settlement>Paris</settlement>, <rs type="place" ref="#r">x</rs></p></body></text>',
    ));
    const refs = inlinesOf(ed).filter((n) => n.kind === 'entity');
    expect(refs.map((r) => r.kind === 'entity' && r.refs)).toEqual([['r'], ['wikidata-Q1394'], ['wikidata-Q1394'], ['r']]);
    expect(ed.entities.find((e) => e.id === 'wikidata-Q1394')).toMatchObject({
      kind: 'person', name: 'Lenin', authorities: [{ scheme: 'wikidata', value: 'Q1394', url: 'https://www.wikidata.org/wiki/Q1394' }],
    });
    expect(ed.entities.find((e) => e.id === 'r')?.occurrences).toHaveLength(2);
    expect(inlinesOf(ed).find((n) => n.kind === 'generic')).toMatchObject({ role: 'settlement' });
  });
});

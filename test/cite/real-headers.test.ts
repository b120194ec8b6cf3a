/**
 * Citations of real headers (issue 16, item 6): a letter dated only in its
 * correspDesc, BibTeX's month, RIS's date, an ancient single-name author and
 * an early year. On fixtures of our own, then on the corpus documents.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { formatCitations } from '../../src/cite/format';
import { buildCitation } from '../../src/model/citation';
import { CORPUS } from '../hardening/helpers';
import { editionOf, ROOT } from './helpers';

const FIX = path.join(ROOT, 'test', 'fixtures', 'cite');
const letter = editionOf(path.join(FIX, 'letter-no-pubdate.xml'));
const ancient = editionOf(path.join(FIX, 'ancient-author.xml'));

describe('a letter whose header has no publication date', () => {
  test('is cited by its sender and the date it was sent, not "n.d."', () => {
    const text = formatCitations([letter], 'text');
    expect(text).toBe('Escher, Alfred. 1843. Alfred Escher an Arnold Otto Aepli, 27. November 1843.\n');
    expect(text).not.toContain('n.d.');
  });

  test('the addressee is the work\'s recipient (JSON-LD), the sender its author', () => {
    const c = buildCitation(letter.meta, { lang: letter.lang, witnesses: [] });
    expect(c.work.kind).toBe('letter');
    expect(c.authors.map((a) => a.name)).toEqual(['Alfred Escher']);
    expect(c.work.recipients.map((a) => a.name)).toEqual(['Arnold Otto Aepli']);
    expect(c.date).toBe('1843-11-27');
  });

  test('BibTeX: author, year, the month as a macro and the day apart', () => {
    const bib = formatCitations([letter], 'bibtex');
    expect(bib).toContain('\tauthor = {Escher, Alfred},\n');
    expect(bib).toContain('\tyear = {1843},\n\tmonth = nov,\n\tday = {27},\n');
    expect(bib).not.toMatch(/month = \{/);
  });

  test('RIS: AU and a zero-padded DA', () => {
    const ris = formatCitations([letter], 'ris');
    expect(ris).toContain('AU  - Escher, Alfred\n');
    expect(ris).toContain('DA  - 1843/11/27/\n');
    expect(ris).toContain('PY  - 1843\n');
  });

  test('a person\'s own @type says which party it is, in whichever action it stands', () => {
    const swapped = editionOf(
      path.join(FIX, 'letter-no-pubdate.xml'),
      `<TEI xmlns="http://www.tei-c.org/ns/1.0" xml:id="x"><teiHeader><fileDesc><titleStmt><title>T</title></titleStmt>
<publicationStmt><p>P</p></publicationStmt><sourceDesc><p>S</p></sourceDesc></fileDesc><profileDesc><correspDesc>
<correspAction type="sent"><persName type="addressee">Anna Adam</persName><persName type="sender">Berta Bauer</persName><date when="1900-02-03"/></correspAction>
</correspDesc></profileDesc></teiHeader><text><body><p>x</p></body></text></TEI>`,
    );
    const c = buildCitation(swapped.meta, { lang: 'en', witnesses: [] });
    expect(c.authors.map((a) => a.name)).toEqual(['Berta Bauer']);
    expect(c.work.recipients.map((a) => a.name)).toEqual(['Anna Adam']);
    expect(formatCitations([swapped], 'bibtex')).toContain('\tmonth = feb,\n\tday = {3},\n');
  });
});

describe('an ancient author and an early year', () => {
  test('a single-name author before 1500 is one literal name; the year has no era suffix', () => {
    const text = formatCitations([ancient], 'text');
    expect(text).toBe('Athanasius Alexandrinus. (328) 2022. Epistula ad episcopos. Edited by Annette von Stockhausen. Patristic Text Archive.\n');
    expect(text).not.toMatch(/\d(AD|BC)\b/);
    expect(formatCitations([ancient], 'bibtex')).toContain('\tauthor = {{Athanasius Alexandrinus}},\n');
    // The modern editor is still split.
    expect(formatCitations([ancient], 'bibtex')).toContain('\teditor = {von Stockhausen, Annette},\n');
    expect(formatCitations([ancient], 'ris')).toContain('AU  - Athanasius Alexandrinus\n');
  });

  test('a year before the common era is written with BCE', () => {
    const tei = `<TEI xmlns="http://www.tei-c.org/ns/1.0" xml:id="y"><teiHeader><fileDesc><titleStmt><title>De bello</title><author>Gaius Iulius Caesar</author></titleStmt>
<publicationStmt><date when="2020">2020</date></publicationStmt><sourceDesc><p>S</p></sourceDesc></fileDesc>
<profileDesc><creation><date when="-0051">51 BCE</date></creation></profileDesc></teiHeader><text><body><p>x</p></body></text></TEI>`;
    expect(formatCitations([editionOf('caesar.xml', tei)], 'text')).toBe('Gaius Iulius Caesar. (52 BCE) 2020. De bello.\n');
  });
});

const corpusTest = existsSync(CORPUS) ? test : test.skip;
if (!existsSync(CORPUS)) console.warn(`SKIPPED (cite/real-headers): the corpus documents, ${CORPUS} not found (../shared is absent).`);

describe('the corpus documents', () => {
  corpusTest('Escher K0301: dated by its correspDesc, with an author and a month BibTeX reads', () => {
    const escher = editionOf(path.join(CORPUS, 'escher_K0301_letter.xml'));
    const text = formatCitations([escher], 'text');
    expect(text).not.toContain('n.d.');
    expect(text).toMatch(/\. 1843\. Alfred Escher an Arnold Otto Aepli/);
    const bib = formatCitations([escher], 'bibtex');
    expect(bib).toMatch(/\tauthor = \{[^}]+\},\n/);
    expect(bib).toContain('\tyear = {1843},\n\tmonth = nov,\n\tday = {2},\n');
  });

  corpusTest('no corpus document gets an era suffix, a braced month or an unpadded RIS date', () => {
    const files = ['pta0003.pta017.grc1_apparatus_large.xml', 'pta0040.pta001.grc1_apparatus.xml', 'perseus_phi0690.phi003_aeneid_lat.xml', 'teistylesheets_Test_test32.xml', 'escher_K0301_letter.xml'];
    const editions = files.map((f) => editionOf(path.join(CORPUS, f)));
    const text = formatCitations(editions, 'text');
    expect(text).not.toMatch(/\d(AD|BC)\b/);
    expect(text).toContain('Eusebius Caesariensis. (300) 2023. Commentarius in Isaiam.');
    const bib = formatCitations(editions, 'bibtex');
    expect(bib).not.toMatch(/month = \{/);
    expect(bib).toContain('\tauthor = {{Eusebius Caesariensis}},\n');
    expect(formatCitations(editions, 'ris')).not.toMatch(/^DA {2}- \d+\/(\d\/|\d\d\/\d\/)/m);
  });
});

/**
 * The index of names on the Mett–Rolland letter, in HTML and in the PDF:
 * each defect seen there pinned (issue 16, item 5). Both writers take order,
 * headings and dates from src/render/index-entries.ts.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { buildEdition } from '../../src/model/read-tei';
import type { Edition } from '../../src/model/types';
import { parseDocument } from '../../src/parse/load';
import { renderHtml } from '../../src/render/html';
import { renderPdf } from '../../src/render/pdf';
import { pdfText, testWithTools } from '../render-fixtures/tools';

const LETTER = path.resolve(__dirname, '../../tei/mett-1931-rolland.xml');

function editionOf(file: string, bytes: Buffer): Edition {
  const parsed = parseDocument(file, bytes);
  if (!parsed.document) throw new Error(parsed.diagnostics.map((d) => d.message).join('; '));
  return buildEdition(parsed.document, { mode: 'reading' });
}

const letter = editionOf(LETTER, readFileSync(LETTER));
const html = String(renderHtml(letter)[0].data);
const entry = (id: string): string => new RegExp(`<li id="ent-${id}"[\\s\\S]*?</li>`).exec(html)?.[0] ?? '';
const names = (kind: string): string[] => {
  const group = new RegExp(`<h3 id="index-${kind}">[\\s\\S]*?</ul>`).exec(html)?.[0] ?? '';
  return [...group.matchAll(/<span class="index-name">([^<]*)<\/span>/g)].map((m) => m[1]);
};
const occurrenceLabels = (id: string): string[] => [...entry(id).matchAll(/<a href="#occ-[^"]+"[^>]*>([^<]+)<\/a>/g)].map((m) => m[1]);

describe('index of names on the letter (HTML)', () => {
  test('persons sort by surname, then forename, and are headed surname first', () => {
    expect(names('person')).toEqual([
      'Blyukher, Vasily', 'Briand, Aristide', 'Coudenhove-Kalergi, Richard', 'Gandhi, Mohandas Karamchand',
      'Ghezzi, Francesco', 'Lenin, Vladimir', 'Mett, Ida', 'Mussolini, Benito', 'Riazanov, David', 'Riou, Gaston',
      'Rolland, Romain', 'Stalin, Joseph', 'Sun Yat-sen', 'Tardieu, André', 'Trotsky, Leon',
    ]);
  });

  test('a work\'s note is shown once', () => {
    const jc = entry('bibl-jean-christophe');
    expect(jc.match(/Novel in ten volumes\./g)).toHaveLength(1);
    expect(html).not.toContain('Novel in ten volumes.; Novel in ten volumes.');
  });

  test('dates are shown once when birth and death say no more than the years', () => {
    const tardieu = entry('tardieu');
    expect(tardieu).toContain('<span class="index-dates">1876–1945</span>');
    expect(tardieu).not.toContain('born 1876');
    expect(tardieu).not.toContain('index-life');
    // Days and places are more than the years: they stay.
    expect(entry('rolland')).toContain('(born 29 January 1866, Clamecy; died 30 December 1944, Vézelay)');
  });

  test('a work is headed by its own words, not by the journal it appeared in', () => {
    expect(/<span class="index-name">([^<]*)/.exec(entry('bibl-rolland-reply-riou'))?.[1]).toBe(
      'Romain Rolland, reply to Gaston Riou, read by the author of the letter',
    );
    // The journal's own entry keeps the journal's title.
    expect(/<span class="index-name">([^<]*)/.exec(entry('bibl-RP116'))?.[1]).toBe('La Révolution prolétarienne');
    expect(names('work').filter((n) => n === 'La Révolution prolétarienne')).toHaveLength(1);
  });

  test('occurrences are labelled by paragraph, repeated ones merged', () => {
    expect(occurrenceLabels('stalin')).toEqual(['¶ 6 ×2', '¶ 10', '¶ 15', '¶ 19', '¶ 20']);
    expect(occurrenceLabels('russia')).toContain('¶ 6 ×5');
    expect(occurrenceLabels('russia').filter((l) => l.startsWith('¶ 6'))).toHaveLength(1);
    expect(entry('russia')).toContain('title="Russia, 5 times in ¶ 6"');
    // The merged link leads to the first occurrence in the paragraph.
    expect(entry('china')).toContain('<a href="#occ-china-1" title="China, 3 times in ¶ 9">¶ 9 ×3</a>');
  });

  test('the dateline\'s Brussels is labelled as the dateline', () => {
    expect(occurrenceLabels('brussels')).toEqual(['dateline']);
  });
});

describe('index of names on the letter (PDF)', () => {
  let text = '';
  beforeAll(async () => {
    const files = await renderPdf(letter, {});
    text = pdfText(files[0].data as Uint8Array).replace(/\s+/g, ' ');
  }, 120_000);

  testWithTools(['pdftotext'], 'PDF index of the letter')('the same order, headings and dates as the HTML', () => {
    const persons = /Index of persons (.*?) Index of places/.exec(text)?.[1] ?? '';
    const order = [...persons.matchAll(/([^()\d,]+, [^()\d]+|Sun Yat-sen) \(/g)].map((m) => m[1].trim());
    expect(order).toEqual(names('person').filter((n) => persons.includes(n)));
    expect(order.slice(0, 3)).toEqual(['Blyukher, Vasily', 'Briand, Aristide', 'Coudenhove-Kalergi, Richard']);
    expect(persons).toContain('Tardieu, André (1876–1945)');
    expect(persons).not.toContain('born');
  });
});

describe('index rules on a document of their own', () => {
  const tei = `<?xml version="1.0" encoding="UTF-8"?>
<TEI xmlns="http://www.tei-c.org/ns/1.0" xml:lang="de">
  <teiHeader><fileDesc><titleStmt><title>Register</title></titleStmt>
    <publicationStmt><p>Test.</p></publicationStmt><sourceDesc><p>Born digital.</p></sourceDesc></fileDesc></teiHeader>
  <standOff>
    <listPerson>
      <person xml:id="zweig"><persName><forename>Stefan</forename> <surname>Zweig</surname></persName></person>
      <person xml:id="oehler"><persName><forename>Anna</forename> <surname>Öhler</surname></persName></person>
      <person xml:id="ohm"><persName><forename>Georg</forename> <surname>Ohm</surname></persName></person>
      <person xml:id="adam-b"><persName><forename>Berta</forename> <surname>Adam</surname></persName></person>
      <person xml:id="adam-a"><persName><forename>Anton</forename> <surname>Adam</surname></persName></person>
      <person xml:id="plain"><persName>Ältere Person</persName></person>
    </listPerson>
    <listBibl>
      <bibl xml:id="article"><author>Anna Öhler</author>, <title level="a">Über Briefe</title>, in <title level="j">Archiv</title>.<note>Eine Notiz.</note></bibl>
    </listBibl>
  </standOff>
  <text><body><p>Text.</p></body></text>
</TEI>`;
  const e = editionOf('register.xml', Buffer.from(tei));
  const page = String(renderHtml(e)[0].data);
  const headings = (kind: string): string[] => {
    const group = new RegExp(`<h3 id="index-${kind}">[\\s\\S]*?</ul>`).exec(page)?.[0] ?? '';
    return [...group.matchAll(/<span class="index-name">([^<]*)<\/span>/g)].map((m) => m[1]);
  };

  test('surname, then forename, with the document\'s collator (German: Ö with O)', () => {
    // "Ältere Person" has no marked surname: it sorts by its name, with A.
    expect(headings('person')).toEqual(['Adam, Anton', 'Adam, Berta', 'Ältere Person', 'Öhler, Anna', 'Ohm, Georg', 'Zweig, Stefan']);
  });

  test('an article is headed by its own title; its note once', () => {
    const article = /<li id="ent-article"[\s\S]*?<\/li>/.exec(page)?.[0] ?? '';
    expect(/<span class="index-name">([^<]*)/.exec(article)?.[1]).toBe('Über Briefe');
    expect(article.match(/Eine Notiz\./g)).toHaveLength(1);
    expect(article).not.toContain('also Archiv');
  });
});

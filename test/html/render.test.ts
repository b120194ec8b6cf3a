/**
 * renderHtml on hand-made models: what the page must say, and what it must
 * never do (unescaped text, duplicate ids, links into the void, output that
 * changes from one run to the next).
 */
import { renderHtml, renderIndex } from '../../src/render/html';
import type { Edition } from '../../src/model/types';
import { citations } from '../../src/publish/citations';
import { RenderError } from '../../src/render/types';
import { annotatedLetter, para, t, twoWitnesses } from '../fixtures/editions';
import { fragmentLinks, idsOf, pageText, READER } from './helpers';

function page(edition: Edition, options = {}): string {
  const files = renderHtml(edition, { citations, ...options });
  const html = files.find((f) => f.path.endsWith('.html'));
  if (!html || typeof html.data !== 'string') throw new Error('no page');
  return html.data;
}

describe('output files', () => {
  test('the page is <id>.html, with its citation files and the shared assets beside it', () => {
    const files = renderHtml(annotatedLetter(), { citations });
    expect(files.map((f) => f.path)).toEqual([
      'mett-1931-rolland.html',
      'mett-1931-rolland.bib',
      'mett-1931-rolland.ris',
      'mett-1931-rolland.json',
      'assets/edition.css',
      'assets/edition.js',
    ]);
    for (const f of files) expect(f.path).not.toMatch(/(^|\/)\.\.(\/|$)|^\//);
  });

  test('a witness build is written as <id>.<siglum>.html', () => {
    const files = renderHtml(twoWitnesses('B'), { citations, witnessPages: true });
    expect(files[0].path).toBe('fox.B.html');
  });

  test('the same model gives byte-identical output', () => {
    const a = renderHtml(annotatedLetter(), { citations, witnessPages: true });
    const b = renderHtml(annotatedLetter(), { citations, witnessPages: true });
    expect(b).toEqual(a);
    expect(page(twoWitnesses())).toBe(page(twoWitnesses()));
  });

  test('no date or timestamp of the build is in the page', () => {
    const html = page(annotatedLetter());
    const year = String(new Date().getFullYear());
    // the fixture's own dates are 1931 and 2025; the build year must not appear unless it is one of them
    if (year !== '2025' && year !== '1931') expect(html).not.toContain(year);
  });
});

describe('escaping', () => {
  const html = page(annotatedLetter());

  test('document text is escaped: a <script> in the TEI is text', () => {
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;quoted&quot; &#39;text&#39;');
    expect(html).not.toContain('<script>alert(1)');
    // the only script elements are the page's own and its JSON-LD
    expect(html.match(/<script\b/g)).toHaveLength(2);
    expect(html.match(/<script type="application\/ld\+json">/g)).toHaveLength(1);
  });

  test('markup in a note is text, not markup', () => {
    expect(html).toContain('&amp; &lt;b&gt;not&lt;/b&gt; elsewhere');
  });

  test('a quote in an attribute value is escaped', () => {
    expect(html).toContain('title="Aristide &quot;the&quot; Briand"');
    // The index's back-link names the entry and its place (the wording changed from "occurrence 1" with the merged occurrences).
    expect(html).toMatch(/title="Aristide &quot;the&quot; Briand, in ¶ \d+"/);
  });

  test('unsafe link targets are not links', () => {
    expect(html).not.toMatch(/href="javascript:/i);
    expect(html).toContain('<span class="ref">a bad link</span>');
    // an authority URL that is not http(s) is shown, not linked
    expect(html).toContain('<span>GND 456</span>');
  });
});

describe('reading text', () => {
  const html = page(annotatedLetter());

  test('paragraph anchors come from the TEI ids, with a visible ¶ link', () => {
    // The number is generated content (data-n), so that copying the paragraph gives its words only.
    expect(html).toMatch(/<p id="p1"><a class="pilcrow" href="#p1" aria-label="Paragraph 1" data-cite="[^"]*, ¶ 1\. https:\/\/doi\.org\/10\.5281\/zenodo\.0000000#p1\." data-n="¶ 1"><\/a>/);
    // a numbered paragraph without an xml:id gets a generated, prefixed anchor
    expect(html).toMatch(/<p id="para-3"><a class="pilcrow" href="#para-3"/);
  });

  test('an editorial intervention shows the edited form, the transmitted one on hover', () => {
    expect(html).toContain('<span class="alt alt-correction" title="source: Goudenhoy-Kalergi">Coudenhove-Kalergi</span>');
  });

  test('an apparatus call inside a name is written after the name’s link (no button inside <a>)', () => {
    expect(html).toMatch(/Coudenhove-Kalergi<\/span><\/a><button type="button" class="app-ref" id="appref-e1" popovertarget="pop-e1"/);
    expect(html).not.toMatch(/<a [^>]*>(?:(?!<\/a>).)*<button/s);
  });

  test('entities are marked by kind and linked to the index', () => {
    expect(html).toContain('<a id="occ-riou" title="Gaston Riou (1883–1958)" class="ent ent-person" href="#ent-riou">Gaston Riou</a>');
    expect(html).toContain('class="ent ent-place" href="#ent-brussels"');
    expect(html).toMatch(/<div id="legend" class="legend">[\s\S]*ent-person">Persons[\s\S]*ent-place">Places/);
  });

  test('lang on <html> and on foreign spans', () => {
    expect(html).toMatch(/^<!DOCTYPE html>\n<html lang="en">/);
    expect(html).toContain('<span lang="fr" dir="ltr" class="foreign">avril</span>');
  });

  test('three-letter language codes become BCP 47; a value that is no language tag is dropped', () => {
    const e = annotatedLetter();
    e.lang = 'eng';
    e.blocks.push(para(9, [{ kind: 'foreign', lang: 'fra', children: [t('bonjour')] }, { kind: 'foreign', lang: 'grc', children: [t('λόγος')] }, { kind: 'foreign', lang: 'not a tag', children: [t('x')] }]));
    const out = page(e);
    expect(out).toMatch(/^<!DOCTYPE html>\n<html lang="en">/);
    expect(out).toContain('<span lang="fr" dir="ltr" class="foreign">bonjour</span><span lang="grc" dir="ltr" class="foreign">λόγος</span><span class="foreign">x</span>');
  });

  test('dates carry a machine-readable datetime', () => {
    expect(html).toContain('<time class="date" datetime="1931-04-23">23 April 1931</time>');
  });

  test('a deletion hidden by the model stays in the page, hidden', () => {
    expect(html).toContain('<del class="ed ed-deleted" title="deleted in the source" hidden>struck</del>');
    expect(pageText(html, READER)).not.toContain('struck');
  });

  test('what a reader sees is the reading text, in order', () => {
    const seen = pageText(html, READER).replace(/\s+/g, ' ');
    expect(seen).toContain('The “Pan-Europe of Count Coudenhove-Kalergi and Briand”, says <script>alert(1)</script> & "quoted" \'text\' more text in avril.');
  });
});

describe('apparatus', () => {
  const html = page(annotatedLetter());

  test('an intervention reads `lemma ed.] transmitted`, and links back to its place', () => {
    const entry = /<li id="app-e1" class="app-entry app-intervention">(.*?)<\/li>/.exec(html)?.[1] ?? '';
    expect(entry).toContain('<a class="app-n" href="#appref-e1" aria-label="Entry 1, back to the text">1</a>');
    expect(pageText(entry).replace(/\s+/g, ' ')).toBe('1 ¶ 2 Coudenhove-Kalergi ed.] Goudenhoy-Kalergi');
  });

  test('each call opens a popover holding the same entry', () => {
    expect(html).toMatch(/<div popover id="pop-e1" class="app-pop">[\s\S]*?Coudenhove-Kalergi[\s\S]*?<a href="#app-e1">Apparatus entry 1<\/a>/);
    expect(html).toMatch(/<button type="button" class="app-pop-close" popovertarget="pop-e1" popovertargetaction="hide">/);
  });

  test('variants read `lemma Sigla] reading Sigla`, with om. for an omission', () => {
    const fox = page(twoWitnesses());
    const texts = [...fox.matchAll(/<span class="app-body">(.*?)<\/span><\/li>/g)].map((m) => pageText(m[1]).replace(/\s+/g, ' ').trim());
    expect(texts).toEqual(['quick] swift B', 'brown A] om. B', 'lazy A] sleepy B']);
  });
});

describe('witnesses', () => {
  test('every reading is in the page with data-wit; the lemma shows without script', () => {
    const html = page(twoWitnesses());
    expect(html).toContain(
      '<span class="app"><span class="rdg rdg-lem" data-wit="A" data-shown="">quick</span><span class="rdg" data-wit="B" hidden><a id="occ-swift" title="Jonathan Swift" class="ent ent-person" href="#ent-swift">swift</a></span></span>',
    );
    // an omission is an empty reading, still switchable
    expect(html).toContain('<span class="rdg" data-wit="B" hidden></span>');
    expect(pageText(html, READER).replace(/\s+/g, ' ')).toContain('The quick brown fox jumps. Over the lazy dog.');
  });

  test('the switch lists the witnesses and is hidden until the script shows it', () => {
    const html = page(twoWitnesses());
    expect(html).toMatch(/<fieldset id="witness-switch" class="wit-switch" hidden>/);
    expect(html).toContain('<input type="radio" name="wit" value="" checked> edited text');
    expect(html).toContain('<input type="radio" name="wit" value="B"> witness <span class="siglum">B</span>');
  });

  test('the conspectus siglorum is in the header', () => {
    const html = page(twoWitnesses());
    expect(html).toMatch(/<dt class="siglum">A<\/dt><dd>Manuscript A, Paris<\/dd>/);
  });

  test('a witness build shows that witness and links to the other pages', () => {
    const html = page(twoWitnesses('B'), { witnessPages: true });
    expect(pageText(html, READER).replace(/\s+/g, ' ')).toContain('The swift fox jumps. Over the sleepy dog.');
    expect(html).toContain('<input type="radio" name="wit" value="B" checked>');
    expect(html).not.toContain('value="" checked');
    expect(html).toContain('<a href="fox.html">edited text</a>');
    expect(html).toContain('<a href="fox.A.html">witness A</a>');
    expect(html).toContain('<strong aria-current="page">B</strong>');
  });
});

describe('notes', () => {
  const html = page(annotatedLetter());

  test('calls are numbered and link to the note, which links back', () => {
    expect(html).toMatch(/<a class="noteref" id="nref1" href="#(note-n1-2)" role="doc-noteref"><span class="vh">note <\/span>1<\/a>/);
    expect(html).toContain('<li id="note-n1-2" class="note note-editorial"><a class="note-n" href="#nref1" aria-label="Note 1, back to the text">1</a>');
    expect(html).toContain('<li id="note-n2" class="note"><a class="note-n" href="#nref2"');
  });

  test('a TEI id equal to a generated one keeps its name; the generated one moves', () => {
    expect(html).toContain('<p id="note-n1">');
    expect(html).toContain('<b id="index-2">says</b>');
  });
});

describe('index of names', () => {
  const html = page(annotatedLetter());

  test('grouped by kind, sorted, with dates, authority links and back-links to each occurrence', () => {
    const persons = /<h3 id="index-person">[\s\S]*?<\/ul>/.exec(html)?.[0] ?? '';
    const names = [...persons.matchAll(/<span class="index-name">([^<]*)<\/span>/g)].map((m) => m[1]);
    expect(names).toEqual(['Aristide &quot;the&quot; Briand', 'Gaston Riou', 'Ida Mett', 'Richard Coudenhove-Kalergi', 'Romain Rolland']);
    const rolland = /<li id="ent-rolland"[\s\S]*?<\/li>/.exec(html)?.[0] ?? '';
    expect(rolland).toContain('<span class="index-dates">1866–1944</span>');
    expect(rolland).toContain('<a href="https://www.wikidata.org/wiki/Q1" aria-label="Romain Rolland in Wikidata (Q1)">Wikidata</a>');
    expect([...rolland.matchAll(/<a href="#(occ-[^"]+)"[^>]*>([^<]+)<\/a>/g)].map((m) => [m[1], m[2]])).toEqual([
      ['occ-rolland-1', '¶ 2'],
      ['occ-rolland-2', '¶ 3'],
      ['occ-rolland-3', 'n. 2'],
    ]);
    expect(html).toContain('<a href="https://www.geonames.org/2800866" aria-label="Brussels in GeoNames (2800866)">GeoNames</a>');
  });

  test('the header links author and addressee to the index', () => {
    expect(html).toContain('<p class="ed-byline"><a href="#ent-mett">Ida Mett</a> <span class="ed-to">to</span> <a href="#ent-rolland">Romain Rolland</a></p>');
  });
});

describe('header and citation', () => {
  const html = page(annotatedLetter());
  test('title, place and date, edition, licence', () => {
    expect(html).toContain('<h1>Open Letter to Romain Rolland</h1>');
    expect(html).toContain('<p class="ed-placedate">Brussels, <time datetime="1931-04-23">23 April 1931</time></p>');
    expect(html).toContain('Digital edition <span class="ed-version">version 1.0</span>');
    expect(html).toContain('<a href="https://creativecommons.org/licenses/by/4.0/" rel="license">CC BY 4.0</a>');
  });

  test('how to cite: Chicago author-date, with the version, and the citation downloads', () => {
    const cite = /<section id="how-to-cite"[\s\S]*?<\/section>/.exec(html)?.[0] ?? '';
    const text = pageText(cite).replace(/\s+/g, ' ').trim();
    expect(text).toContain(
      'How to cite Mett, Ida. (1931) 2025. Open Letter to Romain Rolland. Edited by A. Editor and B. Editor. Version 1.0. Nowhere: Example Press. https://doi.org/10.5281/zenodo.0000000.',
    );
    expect(text).toContain('This is version 1.0 of 2025-01-01: cite the version you read.');
    expect(cite).toContain('<a href="mett-1931-rolland.bib" type="application/x-bibtex" download>BibTeX</a>');
    // With a base URL the page has an address of its own: the DOI stays the citation's link, paragraphs point into the page.
    const based = page(annotatedLetter(), { baseUrl: 'https://example.org/ed/' });
    expect(based).toContain('<link rel="canonical" href="https://example.org/ed/mett-1931-rolland.html">');
    expect(based).toContain('<meta name="citation_public_url" content="https://example.org/ed/mett-1931-rolland.html">');
    expect(based).toContain('¶ 1. https://example.org/ed/mett-1931-rolland.html#p1.');
  });

  test('Zotero-readable citation_* meta tags', () => {
    expect(html).toContain('<meta name="citation_title" content="Open Letter to Romain Rolland">');
    expect(html).toContain('<meta name="citation_author" content="Mett, Ida">');
  });
});

describe('ids and links', () => {
  for (const [name, make] of [
    ['letter', annotatedLetter],
    ['two witnesses', () => twoWitnesses()],
    ['witness build', () => twoWitnesses('A')],
  ] as const) {
    test(`${name}: no duplicate ids, and every #link and popovertarget resolves`, () => {
      const html = page(make(), { witnessPages: true });
      const ids = idsOf(html);
      const dupes = ids.filter((id, i) => ids.indexOf(id) !== i);
      expect(dupes).toEqual([]);
      const known = new Set(ids);
      expect(fragmentLinks(html).filter((l) => !known.has(l))).toEqual([]);
    });
  }

  test('a duplicated TEI id is given once', () => {
    const e = annotatedLetter();
    e.blocks.push(para(9, [t('again')], 'p1'));
    const ids = idsOf(page(e));
    expect(ids.filter((i) => i === 'p1')).toHaveLength(1);
  });
});

describe('corpus page', () => {
  test('index.html lists the editions by date, then title', () => {
    const late = { ...annotatedLetter(), id: 'b', meta: { ...annotatedLetter().meta, title: 'Later', date: { when: '1932-01-01', text: '1932' } } };
    const files = renderIndex([late, annotatedLetter()], {});
    expect(files[0].path).toBe('index.html');
    const html = String(files[0].data);
    expect(html.indexOf('mett-1931-rolland.html')).toBeLessThan(html.indexOf('b.html'));
    expect(html).toContain('<p class="ed-kind">2 documents</p>');
  });

  test('an edition whose page would be index.html is refused', () => {
    expect(() => renderIndex([{ ...annotatedLetter(), id: 'index' }], {})).toThrow(RenderError);
  });
});

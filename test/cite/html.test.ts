/**
 * What the HTML page says about the edition for reference managers and
 * search engines, and the stable paragraph anchors citations point to.
 */
import { readFileSync } from 'node:fs';
import { formatCitations, citationText } from '../../src/cite/format';
import type { Edition } from '../../src/model/types';
import { citations } from '../../src/publish/citations';
import { renderHtml } from '../../src/render/html';
import { buildPayload } from '../../src/render/pdf/data';
import { renderText } from '../../src/render/text';
import { editionOf, LETTER, letterWith } from './helpers';

function files(edition: Edition, options = {}): Map<string, string> {
  return new Map(renderHtml(edition, { citations, ...options }).map((f) => [f.path, typeof f.data === 'string' ? f.data : Buffer.from(f.data).toString('utf8')]));
}

function page(edition: Edition, options = {}): string {
  const html = files(edition, options).get(`${edition.id}.html`);
  if (html === undefined) throw new Error('no page');
  return html;
}

function metas(html: string): [string, string][] {
  return [...html.matchAll(/<meta name="([^"]+)" content="([^"]*)">/g)].map((m) => [m[1], m[2]]);
}

function jsonLdOf(html: string): Record<string, unknown> {
  const m = /<script type="application\/ld\+json">([\s\S]*?)<\/script>/.exec(html);
  if (!m) throw new Error('no JSON-LD');
  return JSON.parse(m[1]) as Record<string, unknown>;
}

const letter = editionOf(LETTER);
const html = page(letter);

describe('meta tags', () => {
  const tags = metas(html);
  const all = (name: string): string[] => tags.filter(([n]) => n === name).map(([, v]) => v);

  test('Highwire Press citation_* tags, as Zotero and Google Scholar read them', () => {
    expect(all('citation_title')).toEqual(['Open Letter to Romain Rolland: Brussels, 23 April 1931: a scholarly edition of the English translation']);
    expect(all('citation_author')).toEqual(['Mett, Ida']);
    expect(all('citation_publication_date')).toEqual(['2026/11/27']);
    expect(all('citation_date')).toEqual(['2026/11/27']);
    expect(all('citation_online_date')).toEqual(['2026/11/27']);
    expect(all('citation_publisher')).toEqual(['tei-edition project']);
    expect(all('citation_public_url')).toEqual(['https://tei-edition.example.org/editions/mett-1931-rolland']);
    expect(all('citation_language')).toEqual(['en']);
    expect(all('citation_doi')).toEqual([]);
  });

  test('Dublin Core, declared with its schema link', () => {
    expect(html).toContain('<link rel="schema.DC" href="http://purl.org/dc/elements/1.1/">');
    expect(all('DC.title')).toHaveLength(1);
    expect(all('DC.creator')).toEqual(['Mett, Ida']);
    expect(all('DC.date')).toEqual(['2026-11-27']);
    expect(all('DC.publisher')).toEqual(['tei-edition project']);
    expect(all('DC.identifier')).toEqual(['https://tei-edition.example.org/editions/mett-1931-rolland']);
    expect(all('DC.rights')).toEqual(['https://creativecommons.org/licenses/by/4.0/']);
    expect(all('DC.language')).toEqual(['en']);
    expect(all('DC.type')).toEqual(['Text']);
  });

  test('a DOI becomes citation_doi; a base URL the public URL and the canonical link', () => {
    const withDoi = page(letterWith((t) => t.replace('<idno type="local">', '<idno type="DOI">10.5555/mett.1</idno><idno type="local">')), {
      baseUrl: 'https://example.org/ed/',
    });
    expect(withDoi).toContain('<meta name="citation_doi" content="10.5555/mett.1">');
    expect(withDoi).toContain('<meta name="citation_public_url" content="https://example.org/ed/mett-1931-rolland.html">');
    expect(withDoi).toContain('<link rel="canonical" href="https://example.org/ed/mett-1931-rolland.html">');
    // without a base URL the page does not claim an address
    expect(html).not.toContain('rel="canonical"');
  });
});

describe('JSON-LD', () => {
  const ld = jsonLdOf(html);

  test('the edition: a schema.org Book with its version, editors, publisher, licence and identifiers', () => {
    expect(ld['@context']).toBe('https://schema.org');
    expect(ld['@type']).toBe('Book');
    expect(ld.name).toBe('Open Letter to Romain Rolland: Brussels, 23 April 1931: a scholarly edition of the English translation');
    expect(ld.version).toBe('1.0.0');
    expect(ld.bookEdition).toBe('version 1.0.0');
    expect(ld.datePublished).toBe('2026-11-27');
    expect(ld.author).toEqual([{ '@type': 'Person', name: 'Ida Mett', familyName: 'Mett', givenName: 'Ida' }]);
    expect(ld.editor).toEqual([{ '@type': 'Organization', name: 'tei-edition project' }]);
    expect(ld.publisher).toEqual({ '@type': 'Organization', name: 'tei-edition project' });
    expect(ld.license).toBe('https://creativecommons.org/licenses/by/4.0/');
    expect(ld.inLanguage).toBe('en');
    expect(ld.identifier).toEqual([
      { '@type': 'PropertyValue', propertyID: 'URI', value: 'https://tei-edition.example.org/editions/mett-1931-rolland' },
      { '@type': 'PropertyValue', propertyID: 'local', value: 'mett-1931-rolland' },
    ]);
  });

  test('the work it edits: the letter, by Ida Mett to Romain Rolland, Brussels, 23 April 1931, and its sources', () => {
    const work = ld.isBasedOn as Record<string, unknown>;
    expect(work['@type']).toBe('Message');
    expect(work.name).toBe('Open Letter to Romain Rolland');
    expect(work.dateCreated).toBe('1931-04-23');
    expect(work.locationCreated).toEqual({ '@type': 'Place', name: 'Brussels' });
    expect(work.recipient).toEqual([{ '@type': 'Person', name: 'Romain Rolland', familyName: 'Rolland', givenName: 'Romain' }]);
    expect((work.workExample as { identifier: string }[]).map((w) => w.identifier)).toEqual(['KSL', 'R']);
  });

  test('"</script>" in the metadata cannot end the script: every "<" is \\u003c', () => {
    const evil = '</script><script>alert(1)</script><!--';
    const hostile = page(letterWith((t) => t.replace('<title type="main">Open Letter to Romain Rolland</title>', `<title type="main">${evil.replace(/</g, '&lt;')}</title>`)));
    const script = /<script type="application\/ld\+json">([\s\S]*?)<\/script>/.exec(hostile)?.[1] ?? '';
    expect(script).not.toContain('<');
    expect(script).toContain('\\u003c/script\\u003e');
    expect(String(jsonLdOf(hostile).name).startsWith(evil)).toBe(true);
    expect(hostile.match(/<script\b/g)).toHaveLength(2);
  });
});

describe('how to cite', () => {
  const cite = /<section id="how-to-cite"[\s\S]*?<\/section>/.exec(html)?.[0] ?? '';

  test('the formatted citation, the version, and downloads that exist beside the page', () => {
    expect(cite).toContain('Mett, Ida. (1931) 2026. <i>Open Letter to Romain Rolland: Brussels, 23 April 1931: A Scholarly Edition of the English Translation</i>.');
    expect(cite).toContain('Version 1.0.0.');
    expect(cite).toContain('<a href="https://tei-edition.example.org/editions/mett-1931-rolland">');
    expect(cite).toContain('This is version 1.0.0 of 2026-11-27');
    const out = files(letter);
    for (const href of [...cite.matchAll(/<a href="([^"]+)" type="[^"]+" download>/g)].map((m) => m[1])) expect(out.has(href)).toBe(true);
    expect(out.get('mett-1931-rolland.bib')).toBe(formatCitations([letter], 'bibtex'));
    expect(out.get('mett-1931-rolland.ris')).toBe(formatCitations([letter], 'ris'));
    expect(out.get('mett-1931-rolland.json')).toBe(formatCitations([letter], 'csl-json'));
  });

  test('one citation everywhere: the page, the plain text and the PDF say the same', () => {
    const text = citationText(letter);
    const plain = (s: string): string => s.replace(/<[^>]+>/g, '').replace(/\s+/g, ' ');
    expect(plain(cite)).toContain(text);
    const txt = String(renderText(letter, { citations })[0].data).replace(/\s+/g, ' ');
    expect(txt).toContain(`How to cite: ${text}`);
    // The PDF prints the citation the publish stage hands it (renderPdf asks citations.text), none without.
    expect(buildPayload(letter, { citation: citations.text(letter, {}) }).meta.citation).toBe(text);
    expect(citations.text(letter, { baseUrl: 'https://example.org/ed/' })).toBe(citationText(letter, { baseUrl: 'https://example.org/ed/' }));
    expect(buildPayload(letter).meta.citation).toBeNull();
  });
});

describe('paragraph anchors and citations', () => {
  const teiIds = (tei: string): string[] => {
    const body = tei.slice(tei.indexOf('<body>'), tei.indexOf('</body>'));
    return [...body.matchAll(/<p\b[^>]*\sxml:id="([^"]+)"/g)].map((m) => m[1]);
  };
  const anchors = (page: string): string[] => [...page.matchAll(/<p id="([^"]+)"[^>]*><a class="pilcrow"/g)].map((m) => m[1]);

  test('the anchors are the TEI ids, the same in two builds', () => {
    const ids = teiIds(readFileSync(LETTER, 'utf8'));
    expect(ids).toHaveLength(20);
    expect(anchors(html)).toEqual(ids);
    const again = page(editionOf(LETTER));
    expect(anchors(again)).toEqual(ids);
    expect(again).toBe(html);
  });

  test('a paragraph added before them moves the numbers, never the anchors', () => {
    const edited = page(letterWith((t) => t.replace(/(<p xml:id="p1")/, '<p>A new first paragraph.</p>\n$1')));
    const got = anchors(edited);
    expect(got.slice(1)).toEqual(teiIds(readFileSync(LETTER, 'utf8')));
    expect(edited).toContain('<p id="p1"><a class="pilcrow" href="#p1" aria-label="Paragraph 2"');
  });

  test('each ¶ link carries the full citation, "¶ N" and the paragraph’s absolute address', () => {
    const m = /<p id="p3"><a class="pilcrow" href="#p3" aria-label="Paragraph 3" data-cite="([^"]+)" data-n="¶ 3">/.exec(html);
    expect(m?.[1]).toBe(
      'Mett, Ida. (1931) 2026. Open Letter to Romain Rolland: Brussels, 23 April 1931: A Scholarly Edition of the English Translation. ' +
        'Edited by tei-edition project. Version 1.0.0. tei-edition project, ¶ 3. https://tei-edition.example.org/editions/mett-1931-rolland#p3.',
    );
    const based = page(letter, { baseUrl: 'https://example.org/ed/' });
    expect(based).toContain('¶ 3. https://example.org/ed/mett-1931-rolland.html#p3."');
  });
});

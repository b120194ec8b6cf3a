/**
 * Citations in every form the project writes, from the one CSL item
 * (csl.ts) and the one CitationData (model/citation.ts). Pure functions:
 * the same model and options give the same bytes (no access dates).
 */
import { cffFor } from './cff';
import { cmifFor } from './cmif';
import { formatEntries, toBibtex, toCslJson, toRis } from './citation-js';
import { cslItem, editionUrls, type CitableEdition, type CiteOptions } from './csl';
import type { CiteFormat } from './formats';
import { resolveStyle } from './styles';

export { CITE_FORMATS, type CiteFormat } from './formats';

export interface FormatOptions extends CiteOptions {
  /** A CSL style name or .csl path, for `text` and `html` (default Chicago author-date). */
  style?: string;
  /** CSL locale (default en-US: the pages' own words are English). */
  locale?: string;
}

/** Several editions in one format: BibTeX and RIS concatenate, CSL-JSON is one array, text one entry per paragraph. */
export function formatCitations(editions: readonly CitableEdition[], format: CiteFormat, options: FormatOptions = {}): string {
  const items = editions.map((e) => cslItem(e, options));
  switch (format) {
    case 'bibtex':
      return toBibtex(items);
    case 'ris':
      return toRis(items);
    case 'csl-json':
      return toCslJson(items);
    case 'cff':
      if (editions.length !== 1) throw new RangeError('a CFF file describes one work: cite one document at a time');
      return cffFor(editions[0], options);
    case 'text':
      return formatEntries(items, resolveStyle(options.style), 'text', options.locale).join('\n\n') + '\n';
    case 'cmif':
      // The letters' correspondence metadata, in one file: the documents without a correspDesc are not letters.
      return cmifFor(editions, options);
  }
}

/** The formatted citation of one edition, as plain text (text and PDF outputs). */
export function citationText(edition: CitableEdition, options: FormatOptions = {}): string {
  return formatEntries([cslItem(edition, options)], resolveStyle(options.style), 'text', options.locale)[0];
}

/** The formatted citation as HTML (escaped by citeproc-js, the URL or DOI a link). */
export function citationHtml(edition: CitableEdition, options: FormatOptions = {}): string {
  return formatEntries([cslItem(edition, options)], resolveStyle(options.style), 'html', options.locale)[0];
}

/**
 * How to cite one paragraph: the edition's citation, then "¶ N" and the
 * paragraph's own address. Made from a citation without the page URL (the
 * paragraph URL replaces it), formatted once per page and completed per paragraph.
 */
export function paragraphCiter(edition: CitableEdition, options: FormatOptions = {}): (anchor: string, label: string) => string {
  const urls = editionUrls(edition, options);
  const item = cslItem(edition, options);
  // The paragraph's own address (page URL, else DOI resolver, + #anchor) takes the place of both.
  delete item.URL;
  delete item.DOI;
  const base = formatEntries([item], resolveStyle(options.style), 'text', options.locale)[0].replace(/\.$/, '');
  return (anchor, label) => {
    const url = urls.paragraph(anchor);
    return `${base}, ${label}.${url ? ` ${url}.` : ''}`;
  };
}

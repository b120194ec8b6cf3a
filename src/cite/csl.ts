/**
 * The edition's citation as one CSL-JSON item. Every serialisation (BibTeX,
 * RIS, CSL-JSON, formatted styles) starts from `cslItem`; CFF, the HTML meta
 * tags and JSON-LD start from the same CitationData and the same URLs
 * (model/citation.ts: citationOf, editionUrls, re-exported here for the cite
 * stage's own modules).
 */
import { citationOf, editionUrls, isWebUrl, type EditionUrls } from '../model/citation';
import type { CitationName, Edition } from '../model/types';
import { balanceBidi } from '../text/bidi';

export interface CslName {
  family?: string;
  given?: string;
  'non-dropping-particle'?: string;
  literal?: string;
}

export interface CslDate {
  'date-parts': number[][];
}

/** A date as words, printed as is: used for years before 1000, which citeproc-js writes "328AD". */
export interface CslLiteralDate {
  literal: string;
}

/** The part of CSL-JSON 1.0.2 this project writes. */
export interface CslItem {
  id: string;
  'citation-key': string;
  type: 'book';
  title: string;
  'title-short'?: string;
  author?: CslName[];
  editor?: CslName[];
  /**
   * "version 1.0.0": CSL's `version` is not used, because a book with a
   * version is read as software by citation-js and others (the CSL 1.0.1
   * convention), and would be exported as @software/COMP.
   */
  edition?: string;
  /** The date of the version cited. */
  issued?: CslDate;
  /** The date of the work edited: Chicago prints "(1931) 2026". */
  'original-date'?: CslDate | CslLiteralDate;
  publisher?: string;
  'publisher-place'?: string;
  URL?: string;
  DOI?: string;
  language?: string;
}

export type CitableEdition = Pick<Edition, 'id' | 'lang' | 'meta'> & Partial<Pick<Edition, 'witnesses'>>;

export interface CiteOptions {
  /** Makes URLs absolute: page = baseUrl + `<id>.html`. */
  baseUrl?: string;
  /** The page cited, when not `<id>.html` (a witness page). */
  fileName?: string;
}

export { citationOf, editionUrls, isWebUrl, type EditionUrls };

export function cslName(n: CitationName): CslName {
  if (!n.family) return { literal: n.name };
  const out: CslName = { family: n.family };
  if (n.given) out.given = n.given;
  if (n.particle) out['non-dropping-particle'] = n.particle;
  return out;
}

export function cslDate(iso: string | undefined): CslDate | undefined {
  const m = iso ? /^(-?\d{4})(?:-(\d\d)(?:-(\d\d))?)?$/.exec(iso) : null;
  if (!m) return undefined;
  return { 'date-parts': [[Number(m[1]), ...(m[2] ? [Number(m[2])] : []), ...(m[3] ? [Number(m[3])] : [])]] };
}

/**
 * citeproc-js appends an era to years below 1000 ("328AD", "44BC") inside
 * the parentheses of "(328) 2023". An early year is given as its words:
 * "328", "44 BCE".
 */
function eraFree(d: CslDate | undefined): CslDate | CslLiteralDate | undefined {
  const y = d?.['date-parts'][0]?.[0];
  if (y === undefined || y >= 1000) return d;
  return { literal: y > 0 ? String(y) : `${1 - y} BCE` };
}

/** A BibTeX/RIS key from the edition id: stable across versions. */
export function citationKey(id: string): string {
  return id.replace(/[^A-Za-z0-9._:-]+/g, '_') || 'edition';
}

export function cslItem(edition: CitableEdition, options: CiteOptions = {}): CslItem {
  const c = citationOf(edition);
  const key = citationKey(edition.id);
  const item: CslItem = { id: key, 'citation-key': key, type: 'book', title: c.title || edition.id };
  if (c.shortTitle && c.shortTitle !== item.title) item['title-short'] = c.shortTitle;
  if (c.authors.length > 0) item.author = c.authors.map(cslName);
  if (c.editors.length > 0) item.editor = c.editors.map(cslName);
  if (c.edition) item.edition = c.edition;
  const issued = cslDate(c.date);
  if (issued) item.issued = issued;
  const original = eraFree(cslDate(c.work.date));
  if (original && c.work.date !== c.date) item['original-date'] = original;
  if (c.publisher) item.publisher = c.publisher;
  if (c.publisherPlace) item['publisher-place'] = c.publisherPlace;
  const url = editionUrls(edition, options).page;
  if (url) item.URL = url;
  if (c.doi) item.DOI = c.doi;
  if (c.language) item.language = c.language;
  return closeBidi(item);
}

/**
 * Every value's bidi embeddings and isolates closed at its end: a title with
 * an unterminated U+202E otherwise reverses the rest of the citation line it
 * is set in (text, PDF, the page's data-cite).
 */
function closeBidi<T>(value: T): T {
  if (typeof value === 'string') return balanceBidi(value) as T;
  if (Array.isArray(value)) return value.map((v) => closeBidi(v) as unknown) as T;
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = closeBidi(v);
    return out as T;
  }
  return value;
}

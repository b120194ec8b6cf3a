import type { Edition, Metadata } from '../model/types';

/**
 * "Cite this" data for the corpus's `citations.json`: one CSL-JSON item per
 * edition, made from the model's metadata only.
 *
 * A stand-in, deliberately small: a citation module built on citation-js
 * (BibTeX, RIS, formatted styles) is to replace cslFromEdition with the same
 * signature. Names stay `literal`: splitting "Ida Mett" into given and family
 * names is a guess this function does not make.
 */

export interface CslName {
  literal: string;
}

export type CslDate = { 'date-parts': number[][] } | { literal: string };

/** The subset of CSL-JSON 1.0.2 this function fills. */
export interface CslItem {
  id: string;
  type: 'personal_communication' | 'manuscript';
  title: string;
  author?: CslName[];
  recipient?: CslName[];
  editor?: CslName[];
  /** The edition's publication date. */
  issued?: CslDate;
  /** The date of the document itself (the letter's date). */
  'original-date'?: CslDate;
  publisher?: string;
  'publisher-place'?: string;
  version?: string;
  DOI?: string;
  URL?: string;
  language?: string;
  license?: string;
}

export function cslFromEdition(edition: Pick<Edition, 'id' | 'lang' | 'meta'>): CslItem {
  const m = edition.meta;
  const item: CslItem = {
    id: edition.id,
    // CSL's type for letters; a document without addressees is cited as a manuscript.
    type: m.addressees.length > 0 ? 'personal_communication' : 'manuscript',
    title: m.subtitle ? `${m.title}: ${m.subtitle}` : m.title || edition.id,
  };
  const names = (list: readonly string[]): CslName[] | undefined => (list.length > 0 ? list.map((literal) => ({ literal })) : undefined);
  item.author = names(m.authors.map((a) => a.name).filter(Boolean));
  item.recipient = names(m.addressees.map((a) => a.name).filter(Boolean));
  item.editor = names(editors(m));
  const pub = m.pubDate ?? m.edition?.date;
  if (pub) item.issued = cslDate(pub);
  if (m.date) item['original-date'] = cslDate(m.date.when ?? m.date.text);
  item.publisher = m.publisher;
  item['publisher-place'] = m.pubPlace;
  item.version = m.edition?.version;
  const doi = m.identifiers.find((i) => /doi/i.test(i.type) || /^(doi:|https?:\/\/(dx\.)?doi\.org\/)?10\.\d{4,}\//i.test(i.value));
  if (doi) item.DOI = doi.value.replace(/^(doi:|https?:\/\/(dx\.)?doi\.org\/)/i, '');
  const url = m.identifiers.find((i) => /^https?:\/\//.test(i.value) && i !== doi);
  if (url) item.URL = url.value;
  item.language = edition.lang || undefined;
  item.license = m.licence?.url ?? m.licence?.text;
  // Drop empty fields so that the file is the same whether a field was absent or empty.
  return Object.fromEntries(Object.entries(item).filter(([, v]) => v !== undefined && v !== '')) as unknown as CslItem;
}

/** Editors proper (a role that says so); other responsibilities only when no one is called editor. */
function editors(m: Metadata): string[] {
  const isEditor = (role: string): boolean => /^ed\.?$|edit|hrsg|herausg|édit|curat/i.test(role.trim());
  const named = m.editors.filter((r) => isEditor(r.role));
  return [...new Set((named.length > 0 ? named : m.editors).flatMap((r) => r.names).filter(Boolean))];
}

/** ISO dates (YYYY, YYYY-MM, YYYY-MM-DD, with a leading '-' for BCE) become date-parts; anything else stays literal. */
export function cslDate(value: string): CslDate {
  const m = /^(-?\d{4})(?:-(\d{2}))?(?:-(\d{2}))?$/.exec(value.trim());
  if (!m) return { literal: value };
  return { 'date-parts': [[m[1], m[2], m[3]].filter((p): p is string => p !== undefined).map(Number)] };
}

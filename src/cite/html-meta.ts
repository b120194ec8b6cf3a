/**
 * What a page's <head> says about the edition, for reference managers and
 * search engines: Highwire Press `citation_*` tags (what Zotero and Google
 * Scholar read), Dublin Core `DC.*` tags, and schema.org JSON-LD. All from
 * the one CitationData; the HTML renderer only prints them.
 */
import type { CitationName } from '../model/types';
import { citationOf, editionUrls, type CitableEdition, type CiteOptions } from './csl';

export interface MetaTag {
  name: string;
  content: string;
}

/** Highwire dates are YYYY/MM/DD (or YYYY/MM, YYYY), as Google Scholar asks. */
function highwireDate(iso: string): string {
  return iso.replace(/-/g, '/');
}

/** "Mett, Ida" when the family name is known: Zotero then needs no guess. */
function invertedName(n: CitationName): string {
  if (!n.family) return n.name;
  const family = n.particle ? `${n.particle} ${n.family}` : n.family;
  return n.given ? `${family}, ${n.given}` : family;
}

export function highwireTags(edition: CitableEdition, options: CiteOptions = {}): MetaTag[] {
  const c = citationOf(edition);
  const url = editionUrls(edition, options).page;
  const tags: MetaTag[] = [{ name: 'citation_title', content: c.title || edition.id }];
  for (const a of c.authors) tags.push({ name: 'citation_author', content: invertedName(a) });
  for (const e of c.editors) tags.push({ name: 'citation_editor', content: invertedName(e) });
  if (c.date) {
    const d = highwireDate(c.date);
    tags.push({ name: 'citation_publication_date', content: d }, { name: 'citation_date', content: d }, { name: 'citation_online_date', content: d });
  }
  if (c.publisher) tags.push({ name: 'citation_publisher', content: c.publisher });
  if (url) tags.push({ name: 'citation_public_url', content: url });
  if (c.doi) tags.push({ name: 'citation_doi', content: c.doi });
  if (c.language) tags.push({ name: 'citation_language', content: c.language });
  if (c.keywords.length > 0) tags.push({ name: 'citation_keywords', content: c.keywords.join('; ') });
  return tags;
}

export function dublinCoreTags(edition: CitableEdition, options: CiteOptions = {}): MetaTag[] {
  const c = citationOf(edition);
  const url = editionUrls(edition, options).page;
  const tags: MetaTag[] = [{ name: 'DC.title', content: c.title || edition.id }];
  for (const a of c.authors) tags.push({ name: 'DC.creator', content: invertedName(a) });
  for (const e of c.editors) tags.push({ name: 'DC.contributor', content: invertedName(e) });
  if (c.date) tags.push({ name: 'DC.date', content: c.date });
  if (c.publisher) tags.push({ name: 'DC.publisher', content: c.publisher });
  const ids = new Set<string>();
  if (c.doi) ids.add(`https://doi.org/${c.doi}`);
  if (c.uri) ids.add(c.uri);
  if (url) ids.add(url);
  for (const id of ids) tags.push({ name: 'DC.identifier', content: id });
  if (c.licence) tags.push({ name: 'DC.rights', content: c.licence.url ?? c.licence.text });
  if (c.language) tags.push({ name: 'DC.language', content: c.language });
  tags.push({ name: 'DC.type', content: 'Text' }, { name: 'DC.format', content: 'text/html' });
  if (c.work.date) tags.push({ name: 'DC.coverage', content: c.work.date });
  return tags;
}

type Json = string | number | boolean | Json[] | { [key: string]: Json | undefined };

function agent(n: CitationName): { [key: string]: Json | undefined } {
  if (n.organisation || !n.family) return { '@type': n.organisation ? 'Organization' : 'Person', name: n.name };
  return { '@type': 'Person', name: n.name, familyName: n.particle ? `${n.particle} ${n.family}` : n.family, givenName: n.given };
}

/**
 * schema.org has no "scholarly edition": the edition is a Book (as in every
 * other citation format here) with its version in `version` and
 * `bookEdition`; the work it edits is `isBasedOn` — a Message when it is a
 * letter (schema.org's type with a `recipient`), else a CreativeWork — with
 * the sources as its `workExample`s.
 */
export function jsonLd(edition: CitableEdition, options: CiteOptions = {}): { [key: string]: Json | undefined } {
  const c = citationOf(edition);
  const url = editionUrls(edition, options).page;
  const identifiers: Json[] = [];
  if (c.doi) identifiers.push({ '@type': 'PropertyValue', propertyID: 'DOI', value: c.doi, url: `https://doi.org/${c.doi}` });
  for (const i of c.identifiers) {
    if (c.doi && i.value.includes(c.doi)) continue;
    identifiers.push({ '@type': 'PropertyValue', propertyID: i.type || 'identifier', value: i.value });
  }
  const work: { [key: string]: Json | undefined } = {
    '@type': c.work.kind === 'letter' ? 'Message' : 'CreativeWork',
    name: c.work.title,
    author: c.work.authors.length > 0 ? c.work.authors.map(agent) : undefined,
    recipient: c.work.kind === 'letter' && c.work.recipients.length > 0 ? c.work.recipients.map(agent) : undefined,
    dateCreated: c.work.date,
    locationCreated: c.work.place ? { '@type': 'Place', name: c.work.place } : undefined,
    workExample:
      c.sources.length > 0
        ? c.sources.map((s) => ({ '@type': 'CreativeWork', ...(s.label ? { identifier: s.label } : {}), description: s.text }))
        : undefined,
  };
  return prune({
    '@context': 'https://schema.org',
    '@type': 'Book',
    '@id': url ?? (c.doi ? `https://doi.org/${c.doi}` : c.uri),
    name: c.title || edition.id,
    author: c.authors.length > 0 ? c.authors.map(agent) : undefined,
    editor: c.editors.length > 0 ? c.editors.map(agent) : undefined,
    contributor:
      c.contributors.length > 0
        ? c.contributors.map((r) => ({ '@type': 'Role', roleName: r.role, contributor: agent(r.name) }))
        : undefined,
    version: c.version,
    bookEdition: c.edition,
    bookFormat: 'https://schema.org/EBook',
    datePublished: c.date,
    publisher: c.publisher ? { '@type': 'Organization', name: c.publisher, ...(c.publisherPlace ? { location: c.publisherPlace } : {}) } : undefined,
    inLanguage: c.language,
    license: c.licence?.url ?? c.licence?.text,
    url,
    sameAs: c.uri && c.uri !== url ? c.uri : undefined,
    identifier: identifiers.length > 0 ? identifiers : undefined,
    keywords: c.keywords.length > 0 ? c.keywords.join(', ') : undefined,
    isBasedOn: work,
  });
}

/** Undefined fields and empty objects out, so the JSON says only what is known. */
function prune<T extends { [key: string]: Json | undefined }>(obj: T): T {
  const out: { [key: string]: Json | undefined } = {};
  for (const [k, v] of Object.entries(obj)) {
    if (v === undefined) continue;
    if (Array.isArray(v)) out[k] = v.map((x) => (x && typeof x === 'object' && !Array.isArray(x) ? prune(x) : x));
    else if (typeof v === 'object') out[k] = prune(v);
    else out[k] = v;
  }
  return out as T;
}

/**
 * JSON for a <script type="application/ld+json">: the HTML parser ends the
 * script at the first "</script", and "<!--" changes how it reads on, so
 * every '<' (and, for good measure, '>', '&', U+2028/2029) is a JSON escape.
 */
export function scriptJson(value: unknown): string {
  return JSON.stringify(value, null, 2).replace(/[<>&\u2028\u2029]/g, (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

import type { Edition, Metadata } from '../../model/types';

/**
 * A plain citation from the header, in the order readers expect:
 * Author, Title, ed. by …, version …, Publisher, date, URL.
 * Shared by the text and PDF renderers so that both print the same string.
 */
export function plainCitation(edition: Edition, baseUrl?: string): string {
  const m = edition.meta;
  const parts: string[] = [];
  const authors = m.authors.map((a) => a.name).filter(Boolean);
  if (authors.length > 0) parts.push(joinNames(authors));
  parts.push(m.subtitle ? `${m.title}: ${m.subtitle}` : m.title);
  const editors = editorNames(m);
  if (editors.length > 0) parts.push(`ed. by ${joinNames(editors)}`);
  const version = m.edition?.version;
  if (version) parts.push(`version ${version}`);
  if (m.publisher) parts.push(m.pubPlace ? `${m.pubPlace}: ${m.publisher}` : m.publisher);
  const date = m.pubDate ?? m.edition?.date;
  if (date) parts.push(date);
  const url = citationUrl(edition, baseUrl);
  if (url) parts.push(url);
  return parts.filter((p) => p.trim() !== '').join(', ') + '.';
}

/** The names of the editors (role "editor" first, any other responsibility only if there is no editor). */
export function editorNames(m: Metadata): string[] {
  const isEditor = (role: string): boolean => /^ed\.?$|edit|hrsg|herausg|édit|curat/i.test(role.trim());
  const eds = m.editors.filter((r) => isEditor(r.role)).flatMap((r) => r.names);
  return [...new Set(eds)];
}

/** The identifier a reader can follow: a DOI as a URL, else a URL or URI, else the edition's page under baseUrl. */
export function citationUrl(edition: Edition, baseUrl?: string): string | undefined {
  const ids = edition.meta.identifiers;
  const doi = ids.find((i) => /doi/i.test(i.type) || /^10\.\d{4,}\//.test(i.value));
  if (doi) return /^https?:/.test(doi.value) ? doi.value : `https://doi.org/${doi.value.replace(/^doi:/i, '')}`;
  const url = ids.find((i) => /^https?:\/\//.test(i.value));
  if (url) return url.value;
  if (baseUrl) return baseUrl.replace(/\/?$/, '/') + encodeURIComponent(edition.id) + '.html';
  return undefined;
}

export function joinNames(names: readonly string[]): string {
  if (names.length <= 1) return names.join('');
  if (names.length === 2) return `${names[0]} and ${names[1]}`;
  return `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
}

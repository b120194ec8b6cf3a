import type { Edition, Person } from '../../model/types';
import type { RenderContext } from './context';
import { esc, externalHref, htmlDate } from './escape';

/** Metadata as plain strings for the templates (which escape them), plus links checked here. */
export interface HeaderView {
  title: string;
  subtitle?: string;
  authors: { name: string; href?: string }[];
  addressees: { name: string; href?: string }[];
  place?: string;
  date?: { text: string; datetime?: string };
  sources: string[];
  witnesses: { id: string; siglum: string; description: string }[];
  editors: { role: string; names: string }[];
  edition?: { text: string; version?: string; date?: string };
  publisher?: string;
  pubPlace?: string;
  pubDate?: string;
  identifiers: { type: string; value: string; href?: string }[];
  licence?: { text: string; href?: string };
  languages: string;
  keywords: string[];
  modeLabel: string;
}

export function headerView(ctx: RenderContext): HeaderView {
  const m = ctx.edition.meta;
  const person = (p: Person): { name: string; href?: string } => {
    const e = p.ref ? ctx.entities.get(p.ref) : undefined;
    return { name: p.name, href: e ? '#' + ctx.ids.ref('ent', e.id) : undefined };
  };
  return {
    title: m.title || ctx.edition.id,
    subtitle: m.subtitle,
    authors: m.authors.map(person),
    addressees: m.addressees.map(person),
    place: m.place,
    date: m.date ? { text: m.date.text, datetime: htmlDate(m.date.when) } : undefined,
    sources: m.sources,
    witnesses: ctx.edition.witnesses.map((w) => ({ id: w.id, siglum: w.siglum, description: w.description })),
    editors: m.editors.map((r) => ({ role: r.role, names: joinNames(r.names) })),
    // The version is shown apart unless the edition statement already says it.
    edition: m.edition ? { ...m.edition, version: m.edition.version && !m.edition.text.includes(m.edition.version) ? m.edition.version : undefined } : undefined,
    publisher: m.publisher,
    pubPlace: m.pubPlace,
    pubDate: m.pubDate,
    identifiers: m.identifiers.map((i) => ({ ...i, href: identifierHref(i.type, i.value) })),
    licence: m.licence ? { text: m.licence.text, href: externalHref(m.licence.url) } : undefined,
    languages: m.languages.map((l) => l.name || l.ident).join(', '),
    keywords: m.keywords,
    modeLabel: ctx.edition.options.mode === 'diplomatic' ? 'Diplomatic transcription' : 'Reading text',
  };
}

export function joinNames(names: readonly string[]): string {
  if (names.length <= 1) return names.join('');
  return names.slice(0, -1).join(', ') + ' and ' + names[names.length - 1];
}

export function identifierHref(type: string, value: string): string | undefined {
  const v = value.trim();
  const direct = externalHref(v);
  if (direct) return direct;
  if (/^doi$/i.test(type) && /^10\.\d{4,}\/\S+$/.test(v)) return 'https://doi.org/' + encodeURI(v);
  return undefined;
}

/** The edition's own address: baseUrl + page, else a DOI or URL from the header. */
export function editionUrl(edition: Edition, fileName: string, baseUrl?: string): string | undefined {
  if (baseUrl && externalHref(baseUrl)) return baseUrl.replace(/\/+$/, '') + '/' + encodeURI(fileName);
  for (const i of edition.meta.identifiers) {
    const href = identifierHref(i.type, i.value);
    if (href) return href;
  }
  return undefined;
}

/**
 * A plain citation until the citation stage provides CSL styles:
 * Author, *Title*, ed. by …, version …, publisher, date, URL.
 */
export function citationHtml(edition: Edition, url: string | undefined): string {
  const m = edition.meta;
  const parts: string[] = [];
  if (m.authors.length > 0) parts.push(esc(joinNames(m.authors.map((a) => a.name))));
  parts.push(`<i>${esc(m.title || edition.id)}</i>`);
  const editors = m.editors.filter((r) => /edit|hrsg|herausg|éd/i.test(r.role)).flatMap((r) => r.names);
  if (editors.length > 0) parts.push('ed. by ' + esc(joinNames(editors)));
  if (m.edition?.version) parts.push('version ' + esc(m.edition.version));
  if (m.publisher) parts.push(esc(m.publisher));
  const date = m.pubDate ?? m.edition?.date;
  if (date) parts.push(esc(date));
  if (url) parts.push(`<a href="${esc(url)}">${esc(url)}</a>`);
  return parts.join(', ') + '.';
}

/** Zotero-readable citation_* meta tags (Highwire Press convention). */
export function citationMeta(edition: Edition, url: string | undefined): { name: string; content: string }[] {
  const m = edition.meta;
  const tags: { name: string; content: string }[] = [{ name: 'citation_title', content: m.title || edition.id }];
  for (const a of m.authors) tags.push({ name: 'citation_author', content: a.name });
  const date = m.pubDate ?? m.edition?.date;
  if (date) tags.push({ name: 'citation_publication_date', content: date });
  if (m.publisher) tags.push({ name: 'citation_publisher', content: m.publisher });
  if (edition.lang) tags.push({ name: 'citation_language', content: edition.lang });
  for (const i of m.identifiers) if (/^doi$/i.test(i.type)) tags.push({ name: 'citation_doi', content: i.value });
  if (url) tags.push({ name: 'citation_public_url', content: url });
  return tags;
}

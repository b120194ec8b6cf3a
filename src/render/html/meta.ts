import type { Person } from '../../model/types';
import type { RenderContext } from './context';
import { externalHref, htmlDate } from './escape';
import { joinNames } from '../people';

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

export function identifierHref(type: string, value: string): string | undefined {
  const v = value.trim();
  const direct = externalHref(v);
  if (direct) return direct;
  if (/^doi$/i.test(type) && /^10\.\d{4,}\/\S+$/.test(v)) return 'https://doi.org/' + encodeURI(v);
  return undefined;
}

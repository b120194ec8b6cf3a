/**
 * The Correspondence Metadata Interchange Format (CMIF, TEI Correspondence
 * SIG), which correspSearch aggregates: one TEI document whose profileDesc
 * holds a correspDesc per letter (sender, addressee, places, dates, with
 * authority URIs), each pointing by @source to the bibl in sourceDesc that
 * describes the edition the letter is published in, and by @ref to the
 * letter's own page.
 *
 * Reproducible: no clock. The file's date is the latest date among the
 * editions cited; the letters stay in the order given.
 */
import type { CorrespDate, CorrespParty, CorrespPlace, Correspondence } from '../model/correspondence';
import { citationOf, citationKey, editionUrls, type CitableEdition, type CiteOptions } from './csl';
import { citationText } from './format';

export interface CmifOptions extends CiteOptions {
  /** The title of the CMIF file (default: the editions' publisher's, else "Letters"). */
  title?: string;
}

const TEI_NS = 'http://www.tei-c.org/ns/1.0';
const CC_BY = 'https://creativecommons.org/licenses/by/4.0/';
const CC0 = 'https://creativecommons.org/publicdomain/zero/1.0/';
/** CMIF dates: a year, a year and month, or a day (ISO 8601). */
const CMIF_DATE = /^\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?)?$/;

export class CmifError extends RangeError {}

/** The letters among `editions`: those whose header has a correspDesc. */
export function letters(editions: readonly CitableEdition[]): CitableEdition[] {
  return editions.filter((e) => e.meta.correspondence !== undefined);
}

export function cmifFor(editions: readonly CitableEdition[], options: CmifOptions = {}): string {
  const list = letters(editions);
  if (list.length === 0) throw new CmifError('no document has a correspDesc in its header: CMIF describes letters');
  const out: string[] = ['<?xml version="1.0" encoding="UTF-8"?>', `<TEI xmlns="${TEI_NS}">`, '  <teiHeader>', '    <fileDesc>'];
  const citations = list.map((e) => citationOf(e));
  const publishers = unique(citations.map((c) => c.publisher).filter((p): p is string => !!p));
  const title = options.title ?? (publishers.length === 1 ? `${publishers[0]}: letters` : 'Letters');
  out.push('      <titleStmt>', `        <title>${esc(title)}</title>`, '      </titleStmt>');
  out.push('      <publicationStmt>');
  for (const p of publishers.length > 0 ? publishers : ['tei-edition']) out.push(`        <publisher>${esc(p)}</publisher>`);
  const base = options.baseUrl && /^https?:\/\/\S+$/i.test(options.baseUrl.trim()) ? options.baseUrl.trim().replace(/\/+$/, '') : undefined;
  if (base) out.push(`        <idno type="url">${esc(`${base}/cmif.xml`)}</idno>`);
  const dates = citations.map((c) => c.date).filter((d): d is string => !!d && CMIF_DATE.test(d)).sort();
  if (dates.length > 0) out.push(`        <date when="${dates[dates.length - 1]}"/>`);
  // CMIF admits two licences; CC0 only when every edition is CC0 already.
  const cc0 = citations.every((c) => c.licence?.spdx === 'CC0-1.0');
  out.push(
    '        <availability>',
    cc0
      ? `          <licence target="${CC0}">This file is dedicated to the public domain (CC0 1.0).</licence>`
      : `          <licence target="${CC_BY}">This file is licensed under the terms of the Creative Commons licence CC BY 4.0.</licence>`,
    '        </availability>',
    '      </publicationStmt>',
    '      <sourceDesc>',
  );
  const biblIds = new Map<string, string>();
  for (const e of list) {
    const id = `bibl-${ncName(citationKey(e.id))}`;
    biblIds.set(e.id, id);
    out.push(`        <bibl type="online" xml:id="${esc(id)}">${esc(citationOfLetter(e, options))}</bibl>`);
  }
  out.push('      </sourceDesc>', '    </fileDesc>', '    <profileDesc>');
  for (const e of list) out.push(...correspDesc(e, biblIds.get(e.id)!, options));
  out.push('    </profileDesc>', '  </teiHeader>', '  <text>', '    <body>', '      <p/>', '    </body>', '  </text>', '</TEI>', '');
  return out.join('\n');
}

function correspDesc(e: CitableEdition, biblId: string, options: CiteOptions): string[] {
  const c = e.meta.correspondence as Correspondence;
  const url = editionUrls(e, options).page;
  const attrs = `${url ? ` ref="${esc(url)}"` : ''} source="#${esc(biblId)}" key="${esc(e.id)}"`;
  const out = [`      <correspDesc${attrs}>`];
  for (const type of ['sent', 'received'] as const) {
    const role = type === 'sent' ? 'sender' : 'addressee';
    const parties = c.parties.filter((p) => p.role === role);
    const places = c.places.filter((p) => p.role === type);
    const date = cmifDate(c.dates.filter((d) => d.role === type));
    if (parties.length + places.length === 0 && !date) continue;
    out.push(`        <correspAction type="${type}">`);
    for (const p of parties) out.push(`          ${party(p)}`);
    for (const p of places) out.push(`          ${place(p)}`);
    if (date) out.push(`          ${date}`);
    out.push('        </correspAction>');
  }
  out.push('      </correspDesc>');
  return out;
}

function refAttr(uris: readonly string[]): string {
  return uris.length > 0 ? ` ref="${esc(uris.join(' '))}"` : '';
}

function party(p: CorrespParty): string {
  const el = p.organisation ? 'orgName' : 'persName';
  return `<${el}${refAttr(p.uris)}>${esc(p.name)}</${el}>`;
}

function place(p: CorrespPlace): string {
  return `<placeName${refAttr(p.uris)}>${esc(p.name)}</placeName>`;
}

/**
 * One date per action, in the attributes CMIF admits: @when alone; or a span
 * (@from/@to, @notBefore/@notAfter, never @when with the others). A letter
 * written over several days (two dates in one action) is the span from the
 * first to the last. Dates not in ISO form are left out, not guessed.
 */
function cmifDate(dates: readonly CorrespDate[]): string | undefined {
  const ok = (v: string | undefined): string | undefined => (v && CMIF_DATE.test(v) ? v : undefined);
  const whens = dates.map((d) => ok(d.when)).filter((w): w is string => !!w);
  if (whens.length > 1) {
    const sorted = [...new Set(whens)].sort();
    return sorted.length === 1 ? `<date when="${sorted[0]}"/>` : `<date from="${sorted[0]}" to="${sorted[sorted.length - 1]}"/>`;
  }
  const d = dates[0];
  if (!d) return undefined;
  if (ok(d.when)) return `<date when="${d.when}"/>`;
  const start = ok(d.from) ? ['from', d.from] : ok(d.notBefore) ? ['notBefore', d.notBefore] : undefined;
  const end = ok(d.to) ? ['to', d.to] : ok(d.notAfter) ? ['notAfter', d.notAfter] : undefined;
  const attrs = [start, end].filter((a): a is [string, string] => !!a).map(([k, v]) => ` ${k}="${v}"`);
  return attrs.length > 0 ? `<date${attrs.join('')}/>` : undefined;
}

/** xml:id must be an NCName: a key beginning with a digit or holding a colon is not one. */
function ncName(s: string): string {
  return s.replace(/[^A-Za-z0-9._-]/g, '_');
}

function unique(xs: readonly string[]): string[] {
  return [...new Set(xs.map((x) => x.trim()).filter(Boolean))];
}

function esc(s: string): string {
  return s.replace(/[&<>"]/g, (ch) => (ch === '&' ? '&amp;' : ch === '<' ? '&lt;' : ch === '>' ? '&gt;' : '&quot;')).replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, '');
}

/** The citation formatted when the letter was built (a build's manifest keeps it), else formatted now. */
function citationOfLetter(e: CitableEdition & { citation?: string }, options: CmifOptions): string {
  return e.citation ?? citationText(e, options);
}

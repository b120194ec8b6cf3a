/**
 * Metadata from the teiHeader: what a title page, a citation and the HTML
 * <head> need. Read once here so that no renderer ever walks the header.
 */
import { attr, child, children, descendants, elementChildren, isTei, localIds, path, plainText } from './dom';
import { readCorrespondence } from './correspondence';
import type { EntityTable } from './entities';
import type { Metadata, NameParts, Person, Responsibility } from './types';
import { safeUrl } from './urls';

/**
 * `byId` (every xml:id of the document) lets a name in the header borrow the
 * name parts of the person entry it points to (`<author ref="#mett">` →
 * surname Mett, forename Ida): citations need the family name.
 */
export function readMetadata(
  header: Element | undefined,
  entities: EntityTable,
  fallbackTitle: string,
  byId: ReadonlyMap<string, Element> = new Map(),
): Metadata {
  const lookup = { entities, byId };
  const fileDesc = child(header, 'fileDesc');
  const titleStmt = child(fileDesc, 'titleStmt');
  const pubStmt = child(fileDesc, 'publicationStmt');
  const profile = child(header, 'profileDesc');
  const titles = children(titleStmt, 'title');
  const main = titles.find((t) => attr(t, 'type') === 'main') ?? titles.find((t) => !isSecondary(t)) ?? titles[0];
  const sub = titles.find((t) => attr(t, 'type') === 'sub' || attr(t, 'type') === 'subtitle');
  const meta: Metadata = {
    title: plainText(main) || fallbackTitle,
    authors: children(titleStmt, 'author').map((a) => person(a, lookup)).filter((p) => p.name !== ''),
    editors: responsibilities(lookup, titleStmt, child(fileDesc, 'editionStmt')),
    addressees: [],
    identifiers: [],
    sources: [],
    languages: [],
    keywords: [],
  };
  if (sub && sub !== main) meta.subtitle = plainText(sub) || undefined;
  if (meta.subtitle === undefined) delete meta.subtitle;

  readPlaceAndDate(meta, profile, child(fileDesc, 'sourceDesc'), lookup);
  const correspondence = readCorrespondence(child(profile, 'correspDesc'), (el) => person(el, lookup), (id) => entities.byId.get(id));
  if (correspondence) meta.correspondence = correspondence;

  const edition = path(fileDesc, 'editionStmt', 'edition');
  if (edition) {
    const date = child(edition, 'date');
    meta.edition = { text: plainText(edition) };
    const version = attr(edition, 'n');
    if (version) meta.edition.version = version;
    const d = date ? attr(date, 'when') ?? (plainText(date) || undefined) : undefined;
    if (d) meta.edition.date = d;
  }

  if (pubStmt) {
    const publisher = child(pubStmt, 'publisher') ?? child(pubStmt, 'distributor') ?? child(pubStmt, 'authority');
    if (publisher) meta.publisher = plainText(publisher) || undefined;
    const pubPlace = child(pubStmt, 'pubPlace');
    if (pubPlace) meta.pubPlace = plainText(pubPlace) || undefined;
    const date = child(pubStmt, 'date');
    if (date) {
      const when = attr(date, 'when') ?? (/^\d{4}(-\d\d(-\d\d)?)?$/.test(plainText(date)) ? plainText(date) : undefined);
      if (when) meta.pubDate = when;
    }
    for (const idno of children(pubStmt, 'idno')) {
      const value = plainText(idno);
      if (value) meta.identifiers.push({ type: attr(idno, 'type') ?? '', value });
    }
    const availability = child(pubStmt, 'availability');
    const licence = child(availability, 'licence');
    if (licence) {
      const url = safeUrl(attr(licence, 'target'));
      const text = plainText(licence) || url || '';
      meta.licence = url ? { text, url } : { text };
    } else if (availability) {
      const text = plainText(availability);
      if (text) meta.licence = { text };
    }
  }
  for (const key of ['publisher', 'pubPlace'] as const) if (meta[key] === undefined) delete meta[key];

  for (const c of elementChildren(child(fileDesc, 'sourceDesc'))) {
    // listWit becomes the witness list, other lists are entities: only descriptions of sources are sources.
    if (!isTei(c) || (c.localName.startsWith('list') && c.localName !== 'listBibl')) continue;
    if (c.localName === 'listBibl') {
      for (const b of elementChildren(c)) if (b.localName !== 'head') pushText(meta.sources, plainText(b));
    } else pushText(meta.sources, plainText(c));
  }
  for (const lang of descendants(child(profile, 'langUsage'), 'language')) {
    meta.languages.push({ ident: attr(lang, 'ident') ?? '', name: plainText(lang) });
  }
  for (const kw of children(child(profile, 'textClass'), 'keywords')) {
    for (const term of descendants(kw, 'term')) pushText(meta.keywords, plainText(term));
    for (const item of descendants(kw, 'item')) pushText(meta.keywords, plainText(item));
  }
  return meta;
}

function isSecondary(t: Element): boolean {
  const type = attr(t, 'type');
  return type !== undefined && /^(sub|subtitle|alt|short|desc|parallel)$/.test(type);
}

function pushText(list: string[], t: string): void {
  if (t && !list.includes(t)) list.push(t);
}

interface Lookup {
  entities: EntityTable;
  byId: ReadonlyMap<string, Element>;
}

/** A person named in the header, with the entity it points to when that entity exists. */
function person(el: Element, lookup: Lookup): Person {
  const inner = child(el, 'persName') ?? child(el, 'name') ?? child(el, 'orgName');
  const p: Person = { name: plainText(inner ?? el, (e) => ['note', 'affiliation', 'email', 'idno', 'ptr'].includes(e.localName)) };
  let target: Element | undefined;
  for (const id of [...localIds(attr(el, 'ref')), ...localIds(inner && attr(inner, 'ref')), ...localIds(attr(el, 'key'))]) {
    if (lookup.entities.byId.has(id)) {
      p.ref = id;
      target = lookup.byId.get(id);
      break;
    }
  }
  const parts = nameParts(inner ?? el) ?? (target && isTei(target, 'person') ? nameParts(mainPersName(target)) : undefined);
  if (parts) p.parts = parts;
  else if (el.localName === 'orgName' || inner?.localName === 'orgName' || (target && isTei(target, 'org'))) p.organisation = true;
  return p;
}

/** The person entry's preferred name: type main/pref/reg…, else the first. */
function mainPersName(personEl: Element): Element | undefined {
  const names = children(personEl, 'persName');
  return names.find((n) => /^(main|pref|preferred|reg|full|standard|display)$/i.test(attr(n, 'type') ?? '')) ?? names[0];
}

/** surname/forename/nameLink as the TEI marks them; undefined unless a surname is marked. */
function nameParts(el: Element | undefined): NameParts | undefined {
  const surnames = descendants(el, 'surname').map((e) => plainText(e)).filter(Boolean);
  if (surnames.length === 0) return undefined;
  const parts: NameParts = { family: surnames.join(' ') };
  const given = descendants(el, 'forename').map((e) => plainText(e)).filter(Boolean);
  if (given.length > 0) parts.given = given.join(' ');
  const particle = descendants(el, 'nameLink').map((e) => plainText(e)).filter(Boolean);
  if (particle.length > 0) parts.particle = particle.join(' ');
  return parts;
}

function responsibilities(lookup: Lookup, ...stmts: (Element | undefined)[]): Responsibility[] {
  const out: Responsibility[] = [];
  const add = (role: string, who: Person): void => {
    const name = who.name;
    if (!name) return;
    const r = out.find((x) => x.role === role);
    if (r) {
      if (!r.names.includes(name)) {
        r.names.push(name);
        r.people?.push(who);
      }
    } else out.push({ role, names: [name], people: [who] });
  };
  for (const stmt of stmts) {
    for (const ed of children(stmt, 'editor')) {
      const who = person(ed, lookup);
      const inner = child(ed, 'persName') ?? child(ed, 'name') ?? child(ed, 'orgName');
      add(attr(ed, 'role') ?? 'editor', { ...who, name: plainText(inner ?? ed) });
    }
    for (const rs of children(stmt, 'respStmt')) {
      const role = plainText(child(rs, 'resp')) || 'responsible';
      for (const c of elementChildren(rs)) {
        if (['name', 'persName', 'orgName'].includes(c.localName)) add(role, { ...person(c, lookup), name: plainText(c) });
      }
    }
  }
  return out;
}

function dateOf(el: Element): { when?: string; text: string } {
  const when = attr(el, 'when') ?? attr(el, 'from') ?? attr(el, 'notBefore') ?? attr(el, 'to') ?? attr(el, 'notAfter');
  const start = attr(el, 'from') ?? attr(el, 'notBefore');
  const end = attr(el, 'to') ?? attr(el, 'notAfter');
  const range = !attr(el, 'when') && start && end ? `${start}–${end}` : undefined;
  const text = plainText(el) || range || when || '';
  return when ? { when, text } : { text };
}

function readPlaceAndDate(meta: Metadata, profile: Element | undefined, sourceDesc: Element | undefined, lookup: Lookup): void {
  const actions = children(child(profile, 'correspDesc'), 'correspAction');
  const sent = actions.find((a) => attr(a, 'type') === 'sent');
  for (const received of actions.filter((a) => attr(a, 'type') === 'received')) {
    for (const c of elementChildren(received)) {
      if (['persName', 'name', 'orgName'].includes(c.localName)) {
        const p = person(c, lookup);
        if (p.name) meta.addressees.push(p);
      }
    }
  }
  const creation = child(profile, 'creation');
  const candidates: [Element | undefined, Element | undefined][] = [
    [child(sent, 'placeName') ?? child(sent, 'settlement'), child(sent, 'date')],
    [child(creation, 'placeName') ?? descendants(creation, 'placeName')[0], child(creation, 'date') ?? descendants(creation, 'date')[0]],
    [descendants(sourceDesc, 'origPlace')[0], descendants(sourceDesc, 'origDate')[0]],
  ];
  for (const [place, date] of candidates) {
    if (meta.place === undefined && place) meta.place = plainText(place) || undefined;
    if (meta.date === undefined && date) meta.date = dateOf(date);
  }
  if (meta.date === undefined && sourceDesc) {
    // A printed source's own date (e.g. a first edition's imprint) dates the document.
    const d = descendants(sourceDesc, 'date').find((e) => !ancestorNamed(e, 'listWit', sourceDesc));
    if (d) meta.date = dateOf(d);
  }
  if (meta.place === undefined) delete meta.place;
  if (meta.date === undefined) delete meta.date;
}

function ancestorNamed(el: Element, name: string, stop: Element): boolean {
  for (let p = el.parentNode as Element | null; p && p !== stop; p = p.parentNode as Element | null) {
    if (p.localName === name) return true;
  }
  return false;
}

/**
 * Entities (persons, places, organisations, events, works) and witnesses, read
 * from their list entries wherever they stand (standOff, back, the header), and
 * the one pre-pass over the document that finds them together with every xml:id.
 */
import { ENTRY_KIND } from './behaviours';
import { attr, ELEMENT_NODE, isTei, plainText, pointers, sanitizeId, srcOf, TEI_NS, TEXT_NODE, xmlId } from './dom';
import type { IdAllocator } from './id-allocator';
import type { AuthorityId, Entity, EntityKind, NameParts, Witness } from './types';
import { authorityFromIdno, authorityFromUri, safeUrl } from './urls';

export interface DocIndex {
  ids: Set<string>;
  byId: Map<string, Element>;
  entries: { el: Element; kind: EntityKind }[];
  witnesses: Element[];
  /** Notes with @target (outside the header): they may be attached where they point. */
  targetedNotes: Element[];
}

/** One walk over the whole document. */
export function indexDocument(root: Element): DocIndex {
  const index: DocIndex = { ids: new Set(), byId: new Map(), entries: [], witnesses: [], targetedNotes: [] };
  const walk = (el: Element, inHeader: boolean): void => {
    const id = xmlId(el);
    if (id && !index.byId.has(id)) {
      index.ids.add(id);
      index.byId.set(id, el);
    }
    if (el.namespaceURI === TEI_NS) {
      const name = el.localName;
      const kind = ENTRY_KIND[name];
      // A bibl is an entry only in a bibliography; elsewhere it is a citation in running text.
      if (kind && (!name.startsWith('bibl') || isTei(el.parentNode as Element, 'listBibl'))) {
        index.entries.push({ el, kind });
      } else if (name === 'witness' || (name === 'listWit' && xmlId(el))) index.witnesses.push(el);
      else if (name === 'note' && !inHeader && attr(el, 'target')) index.targetedNotes.push(el);
      if (name === 'teiHeader') inHeader = true;
    }
    for (let n = el.firstChild; n; n = n.nextSibling) if (n.nodeType === ELEMENT_NODE) walk(n as Element, inHeader);
  };
  walk(root, false);
  return index;
}

const NAME_ELEMENTS: Readonly<Record<EntityKind, readonly string[]>> = {
  person: ['persName', 'name'],
  place: ['placeName', 'geogName', 'settlement', 'country', 'region', 'bloc', 'district', 'name'],
  org: ['orgName', 'name'],
  event: ['eventName', 'label', 'name', 'head'],
  work: ['title'],
  other: ['name', 'label', 'term', 'persName', 'placeName', 'orgName'],
};
const PREFERRED = /^(pref|preferred|reg|regularized|regularised|main|full|standard|normalized|normalised|display)$/i;
const DESCRIPTIVE = new Set([
  'occupation', 'desc', 'note', 'affiliation', 'education', 'faith', 'nationality', 'residence', 'trait',
  'state', 'socecStatus', 'langKnowledge', 'p', 'roleName',
]);
/** Parts of an entry that are never its description text (nested entries, their own fields). */
const NOT_TEXT = new Set(['person', 'place', 'org', 'event', 'listPerson', 'listPlace', 'listOrg', 'listEvent', 'listRelation']);

export interface EntityTable {
  list: Entity[];
  byId: Map<string, Entity>;
  byAuthority: Map<string, Entity>;
}

export function buildEntities(index: DocIndex, ids: IdAllocator): EntityTable {
  const table: EntityTable = { list: [], byId: new Map(), byAuthority: new Map() };
  for (const { el, kind } of index.entries) {
    const entity = entityOf(el, kind, ids);
    if (table.byId.has(entity.id)) continue;
    table.list.push(entity);
    table.byId.set(entity.id, entity);
    for (const a of entity.authorities) {
      const key = `${a.scheme}:${a.value}`;
      if (!table.byAuthority.has(key)) table.byAuthority.set(key, entity);
    }
  }
  return table;
}

export function entityOf(el: Element, kind: EntityKind, ids: IdAllocator): Entity {
  const id = xmlId(el) ?? ids.make(`entity-${sanitizeId(el.localName)}`);
  const nameEls: Element[] = [];
  const wanted = NAME_ELEMENTS[kind];
  const descriptions: string[] = [];
  const authorities: AuthorityId[] = [];
  const seen = new Set<string>();
  const addAuthority = (a: AuthorityId): void => {
    const key = `${a.scheme}:${a.value}`;
    if (seen.has(key)) return;
    seen.add(key);
    authorities.push(a);
  };
  const addUris = (value: string | undefined): void => {
    for (const uri of pointers(value)) {
      const a = authorityFromUri(uri);
      if (a) addAuthority(a);
    }
  };
  addUris(attr(el, 'ref'));
  addUris(attr(el, 'sameAs'));
  addUris(attr(el, 'corresp'));
  let birth: string | undefined;
  let death: string | undefined;
  let floruit: string | undefined;
  for (let n = el.firstChild; n; n = n.nextSibling) {
    if (n.nodeType !== ELEMENT_NODE) continue;
    const c = n as Element;
    if (c.namespaceURI !== TEI_NS) continue;
    const name = c.localName;
    if (wanted.includes(name)) {
      nameEls.push(c);
      addUris(attr(c, 'ref'));
    } else if (name === 'idno') {
      const text = plainText(c);
      const type = attr(c, 'type');
      const known = authorityFromIdno(type, text);
      if (known) addAuthority(known);
      else if (text) addAuthority({ scheme: type ?? 'idno', value: text, ...(safeUrl(text) && /^https?:/i.test(text) ? { url: text } : {}) });
    } else if (name === 'birth') birth = lifeEvent(c);
    else if (name === 'death') death = lifeEvent(c);
    else if (name === 'floruit') floruit = lifeEvent(c);
    else if (name === 'location') {
      // Where a place or organisation is (an address, the places it lies in); coordinates are not text.
      const t = plainText(c, (e) => e.localName === 'geo' || e.localName === 'idno');
      if (t) descriptions.push(t);
    } else if (DESCRIPTIVE.has(name)) {
      const t = plainText(c, (e) => NOT_TEXT.has(e.localName));
      if (t) descriptions.push(t);
    }
  }
  let name = '';
  const altNames: string[] = [];
  const work = kind === 'work' ? workHeading(el, nameEls) : undefined;
  const own = work ? work.titles : nameEls;
  const preferred = own.find((e) => PREFERRED.test(attr(e, 'type') ?? '') || attr(e, 'full') === 'yes') ?? own[0];
  if (work?.heading) name = work.heading;
  else if (preferred) name = plainText(preferred);
  for (const e of own) {
    const t = plainText(e);
    if (e !== preferred && t && t !== name && !altNames.includes(t)) altNames.push(t);
  }
  if (kind === 'work') {
    // The note and the other descriptive children are already in `descriptions`: not twice.
    const whole = plainText(el, (e) => DESCRIPTIVE.has(e.localName) || NOT_TEXT.has(e.localName) || e.localName === 'idno');
    if (!name) name = whole;
    if (whole && whole !== name) descriptions.unshift(whole);
  }
  if (!name) name = plainText(el, (e) => NOT_TEXT.has(e.localName) || e.localName === 'idno') || id;
  const entity: Entity = { id, kind, name, altNames, authorities, occurrences: [], src: srcOf(el) };
  const dates = lifeDates(el, kind);
  if (dates) entity.dates = dates;
  else if (floruit) entity.dates = `fl. ${floruit}`;
  if (birth) entity.birth = birth;
  if (death) entity.death = death;
  if (descriptions.length) entity.description = descriptions.join('; ');
  const parts = kind === 'person' ? nameParts(preferred) : undefined;
  if (parts) entity.nameParts = parts;
  if (parts && preferred && surnameLeads(preferred)) entity.surnameFirst = true;
  return entity;
}

/** Journal and series titles: the host a piece appeared in, not the piece's own title. */
const HOST_LEVEL = /^[js]$/;

/**
 * A work's own titles (analytic, monographic, unpublished, or of no stated
 * level), and its heading when it has none of its own: a bibl that opens with
 * other words (an author, "reply to Gaston Riou") before a journal title is a
 * piece in that journal, headed by those words. A bibl that opens with the
 * journal title is the journal itself.
 */
function workHeading(el: Element, titles: Element[]): { titles: Element[]; heading?: string } {
  const own = titles.filter((t) => !HOST_LEVEL.test(attr(t, 'level') ?? ''));
  if (own.length > 0 || titles.length === 0) return { titles: own };
  const host = titles[0];
  const before: string[] = [];
  const walk = (e: Element): boolean => {
    for (let n = e.firstChild; n; n = n.nextSibling) {
      if (n === host) return true;
      if (n.nodeType === ELEMENT_NODE) {
        const c = n as Element;
        if (DESCRIPTIVE.has(c.localName) || NOT_TEXT.has(c.localName)) continue;
        if (walk(c)) return true;
      } else if (n.nodeType === TEXT_NODE) before.push((n as CharacterData).data);
    }
    return false;
  };
  walk(el);
  // "…, read by the author of the letter in" → without the connective that leads into the journal.
  const heading = before.join('').replace(/\s+/g, ' ').replace(/(?:[\s,.;:(]|\b(?:in|dans|en|im|aus)\b)+$/i, '').trim();
  return heading ? { titles, heading } : { titles };
}

/** True when a surname comes before any forename in the name (Sun Yat-sen, Nagy Imre). */
function surnameLeads(el: Element): boolean {
  let found: 'surname' | 'forename' | undefined;
  const walk = (e: Element): void => {
    for (let n = e.firstChild; n && !found; n = n.nextSibling) {
      if (n.nodeType !== ELEMENT_NODE) continue;
      const c = n as Element;
      if (isTei(c, 'surname') || isTei(c, 'forename')) found = c.localName as 'surname' | 'forename';
      else walk(c);
    }
  };
  walk(el);
  return found === 'surname' && allDesc(el, 'forename').length > 0;
}

/** Surname and forename as the person's preferred name marks them: the index sorts on them. */
function nameParts(el: Element | undefined): NameParts | undefined {
  if (!el) return undefined;
  const of = (local: string): string => allDesc(el, local).map((e) => plainText(e)).filter(Boolean).join(' ');
  const family = of('surname');
  if (!family) return undefined;
  const parts: NameParts = { family };
  const given = of('forename');
  if (given) parts.given = given;
  const particle = of('nameLink');
  if (particle) parts.particle = particle;
  return parts;
}

/** "1875-05-09, Berlin": the date and the place name of a birth or death, without coordinates. */
function lifeEvent(el: Element): string | undefined {
  const parts: string[] = [];
  const date = isTei(el) ? firstDesc(el, 'date') : undefined;
  const when = attr(el, 'when') ?? attr(el, 'notBefore') ?? attr(el, 'from');
  const dateText = date ? plainText(date) || attr(date, 'when') : undefined;
  const places = allDesc(el, 'placeName');
  if (places.length === 0) for (const x of [...allDesc(el, 'settlement'), ...allDesc(el, 'place')]) places.push(x);
  const placeText = places.map((p) => plainText(p, (e) => e.localName === 'location' || e.localName === 'geo')).filter((t) => t).join(', ');
  if (dateText) parts.push(dateText);
  else if (when) parts.push(when);
  if (placeText) parts.push(placeText);
  if (!date) {
    // Prose ("20 July 1901, Smorgon") reads better than the normalised date.
    const t = plainText(el, (e) => e.localName === 'location' || e.localName === 'geo' || e.localName === 'idno');
    if (t) return t;
  }
  return parts.length ? parts.join(', ') : undefined;
}

function firstDesc(el: Element, localName: string): Element | undefined {
  for (let n = el.firstChild; n; n = n.nextSibling) {
    if (n.nodeType !== ELEMENT_NODE) continue;
    const c = n as Element;
    if (isTei(c, localName)) return c;
    const inner = firstDesc(c, localName);
    if (inner) return inner;
  }
  return undefined;
}

/** Descendants with this name, not looking inside a match or inside location (coordinates, enclosing places). */
function allDesc(el: Element, localName: string): Element[] {
  const out: Element[] = [];
  for (let n = el.firstChild; n; n = n.nextSibling) {
    if (n.nodeType !== ELEMENT_NODE) continue;
    const c = n as Element;
    if (isTei(c, localName)) out.push(c);
    else if (!isTei(c, 'location')) for (const x of allDesc(c, localName)) out.push(x);
  }
  return out;
}

function year(el: Element | undefined): string | undefined {
  if (!el) return undefined;
  const candidates = [attr(el, 'when'), attr(el, 'notBefore'), attr(el, 'from'), attr(el, 'notAfter'), attr(el, 'to')];
  const date = firstDesc(el, 'date');
  if (date) candidates.push(attr(date, 'when'), attr(date, 'notBefore'), attr(date, 'from'), attr(date, 'notAfter'));
  for (const c of candidates) {
    const m = c && /^(-?\d{4})/.exec(c);
    if (m) return m[1].replace(/^-0*/, '-');
  }
  const m = /\b(\d{3,4})\b/.exec(plainText(el));
  return m ? m[1] : undefined;
}

/** "1866–1944" from birth and death, or an event's span. */
function lifeDates(el: Element, kind: EntityKind): string | undefined {
  if (kind === 'event') {
    const from = attr(el, 'when') ?? attr(el, 'from') ?? attr(el, 'notBefore');
    const to = attr(el, 'to') ?? attr(el, 'notAfter');
    if (from && to && to !== from) return `${from}–${to}`;
    return from ?? to;
  }
  let b: string | undefined;
  let d: string | undefined;
  for (let n = el.firstChild; n; n = n.nextSibling) {
    if (n.nodeType !== ELEMENT_NODE) continue;
    const c = n as Element;
    if (isTei(c, 'birth')) b ??= year(c);
    else if (isTei(c, 'death')) d ??= year(c);
  }
  if (!b && !d) return undefined;
  return `${b ?? ''}–${d ?? ''}`;
}

export function buildWitnesses(index: DocIndex, ids: IdAllocator): Witness[] {
  const out: Witness[] = [];
  const seen = new Set<string>();
  for (const el of index.witnesses) {
    const id = xmlId(el) ?? ids.make('witness');
    if (seen.has(id)) continue;
    seen.add(id);
    let siglum = attr(el, 'n');
    if (!siglum) {
      for (let n = el.firstChild; n && !siglum; n = n.nextSibling) {
        if (n.nodeType === ELEMENT_NODE && (isTei(n as Element, 'abbr') || isTei(n as Element, 'idno')) && attr(n as Element, 'type') === 'siglum') {
          siglum = plainText(n as Element) || undefined;
        }
      }
    }
    if (isTei(el, 'listWit')) {
      out.push(witnessGroup(el, id, siglum));
      continue;
    }
    const description = plainText(el, (e) => e.localName === 'listWit' || e.localName === 'witness');
    out.push({ id, siglum: siglum ?? id, description, src: srcOf(el) });
  }
  return out;
}

/**
 * A listWit with an xml:id is cited in @wit as one witness (wit="#C" for the
 * catena manuscripts C1–C4): it is a witness of the edition, with the ids of
 * the witnesses it groups. Its siglum is its @n or the siglum in its head.
 */
function witnessGroup(el: Element, id: string, n: string | undefined): Witness {
  const members: string[] = [];
  const walk = (e: Element): void => {
    for (let c = e.firstChild; c; c = c.nextSibling) {
      if (c.nodeType !== ELEMENT_NODE) continue;
      const ce = c as Element;
      if (isTei(ce, 'witness')) {
        const wid = xmlId(ce);
        if (wid) members.push(wid);
      } else if (isTei(ce, 'listWit')) walk(ce);
    }
  };
  walk(el);
  let siglum = n;
  let head: string | undefined;
  for (let c = el.firstChild; c && !head; c = c.nextSibling) {
    if (c.nodeType === ELEMENT_NODE && isTei(c as Element, 'head')) head = plainText(c as Element) || undefined;
  }
  siglum ??= head ?? id;
  // Described by its witnesses, in the document's own words: "C1 Vat. Chig. R. VIII 54, s. X, Catena; C2 …".
  const parts: string[] = [];
  for (let c = el.firstChild; c; c = c.nextSibling) {
    if (c.nodeType === ELEMENT_NODE && (isTei(c as Element, 'witness') || isTei(c as Element, 'listWit'))) {
      const text = plainText(c as Element);
      if (text) parts.push(text);
    }
  }
  const description = [head && head !== siglum ? head : '', parts.join('; ')].filter(Boolean).join(': ');
  return { id, siglum, description, members, src: srcOf(el) };
}

/**
 * A letter's correspondence metadata, read from `correspDesc`: who sent it
 * to whom, where and when, with the authority addresses (GND, VIAF,
 * GeoNames, Wikidata…) that correspondence indexes such as correspSearch
 * join letters on. Citations (sender as author, addressee as recipient) and
 * the CMIF export read it from here.
 *
 * A person's own `@type="sender"` or `"addressee"` is taken at its word, in
 * whichever action it stands: some editions (the Escher letters) put both
 * parties in the `sent` action and say which is which there.
 */
import type { Entity, Person } from './types';
import { attr, elementChildren, localIds, plainText } from './dom';
import { authorityFromUri } from './urls';

export interface CorrespParty extends Person {
  role: 'sender' | 'addressee';
  /** Authority URIs: absolute @ref/@key values, then the register entry's idnos. */
  uris: string[];
}

export interface CorrespPlace {
  name: string;
  role: 'sent' | 'received';
  uris: string[];
}

/** The TEI's date attributes, as given (ISO forms), and the date's words. */
export interface CorrespDate {
  role: 'sent' | 'received';
  when?: string;
  notBefore?: string;
  notAfter?: string;
  from?: string;
  to?: string;
  text: string;
}

export interface Correspondence {
  parties: CorrespParty[];
  places: CorrespPlace[];
  dates: CorrespDate[];
}

const PARTY = new Set(['persName', 'name', 'orgName', 'rs']);
const PLACE = new Set(['placeName', 'settlement', 'geogName']);

/**
 * `person` reads a name the way the rest of the header's names are read
 * (name parts, the entry it points to); `entityOf` finds that entry.
 */
export function readCorrespondence(
  correspDesc: Element | undefined,
  person: (el: Element) => Person,
  entityOf: (id: string) => Entity | undefined,
): Correspondence | undefined {
  if (!correspDesc) return undefined;
  const out: Correspondence = { parties: [], places: [], dates: [] };
  for (const action of elementChildren(correspDesc)) {
    if (action.localName !== 'correspAction') continue;
    const type = attr(action, 'type');
    const actionRole: 'sent' | 'received' | undefined = type === 'sent' || type === 'received' ? type : undefined;
    if (!actionRole) continue;
    for (const c of elementChildren(action)) {
      if (PARTY.has(c.localName)) {
        const p = person(c);
        if (!p.name) continue;
        const own = attr(c, 'type');
        const role = own === 'sender' || own === 'addressee' ? own : actionRole === 'sent' ? 'sender' : 'addressee';
        out.parties.push({ ...p, role, uris: urisOf(c, p.ref ? entityOf(p.ref) : undefined) });
      } else if (PLACE.has(c.localName)) {
        const name = plainText(c);
        const entity = localIds(attr(c, 'ref')).map(entityOf).find(Boolean);
        if (name) out.places.push({ name, role: actionRole, uris: urisOf(c, entity) });
      } else if (c.localName === 'date') {
        const d: CorrespDate = { role: actionRole, text: plainText(c) };
        for (const a of ['when', 'notBefore', 'notAfter', 'from', 'to'] as const) {
          const v = attr(c, a)?.trim();
          if (v) d[a] = v;
        }
        out.dates.push(d);
      }
    }
  }
  return out.parties.length + out.places.length + out.dates.length > 0 ? out : undefined;
}

/** Absolute http(s) addresses in @ref and @key, then the entry's authority URLs; each once. */
function urisOf(el: Element, entity: Entity | undefined): string[] {
  const out: string[] = [];
  const add = (u: string | undefined): void => {
    if (u && !out.includes(u)) out.push(u);
  };
  for (const a of ['ref', 'key']) {
    for (const token of (attr(el, a) ?? '').split(/\s+/)) {
      if (/^https?:\/\/\S+$/i.test(token)) add(authorityFromUri(token)?.url ?? token);
      else if (/^[a-z]+:\S+$/i.test(token)) add(authorityFromUri(token)?.url);
    }
  }
  for (const a of entity?.authorities ?? []) add(a.url);
  return out;
}

/** The senders, else nobody: a header's `author` takes precedence where the caller has one. */
export function senders(c: Correspondence | undefined): CorrespParty[] {
  return c?.parties.filter((p) => p.role === 'sender') ?? [];
}

export function addressees(c: Correspondence | undefined): CorrespParty[] {
  return c?.parties.filter((p) => p.role === 'addressee') ?? [];
}

/** The date the letter was sent, as one ISO date for a citation: when, else the start of its span. */
export function sentDate(c: Correspondence | undefined): string | undefined {
  const d = c?.dates.find((x) => x.role === 'sent') ?? c?.dates[0];
  return d ? d.when ?? d.from ?? d.notBefore ?? d.notAfter ?? d.to : undefined;
}

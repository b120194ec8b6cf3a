/**
 * Which attributes hold pointers, how a local pointer is recognised, and what
 * kind of element each pointer should reach. Shared by pointer-unresolved,
 * pointer-wrong-kind and app-unknown-witness so that the three agree on what a
 * pointer is and never report the same token twice.
 */
import type { DocumentIndex } from './document-index';
import { decodeId } from '../../model/urls';
import { isTei, tokens } from './tei';

/** Attributes whose values are (lists of) pointers that must resolve inside the document. */
export const POINTER_ATTRIBUTES = ['ref', 'corresp', 'target', 'wit', 'source', 'who', 'resp', 'hand', 'ana', 'sameAs'] as const;

export interface LocalPointer {
  attr: Attr;
  owner: Element;
  /** The token as written, e.g. `#p-lenin`. */
  token: string;
  /** The id it names, e.g. `p-lenin`. */
  id: string;
  /** Offset of the token in the attribute value. */
  offset: number;
}

/**
 * Local pointers (`#id`) in the given attributes. Anything else is left alone:
 * absolute URIs (http:…), prefixed pointers (wd:Q1, declared by prefixDef) and
 * relative references to other files (persons.xml#p1) cannot be checked here.
 */
export function localPointers(index: DocumentIndex, names: readonly string[] = POINTER_ATTRIBUTES): readonly LocalPointer[] {
  // pointer-unresolved and pointer-wrong-kind both read every pointer: tokenised once per document.
  if (names === POINTER_ATTRIBUTES) return index.memo(ALL_POINTERS, () => pointersIn(index, names));
  return pointersIn(index, names);
}

const ALL_POINTERS = Symbol('local pointers');

function pointersIn(index: DocumentIndex, names: readonly string[]): LocalPointer[] {
  const out: LocalPointer[] = [];
  for (const name of names) {
    for (const attr of index.attributes(name)) {
      const owner = attr.ownerElement;
      if (!owner) continue;
      for (const { token, offset } of tokens(attr.value)) {
        if (token[0] !== '#') continue;
        out.push({ attr, owner, token, id: decodeId(token.slice(1)), offset });
      }
    }
  }
  return out;
}

const PLACE_NAMES = ['placeName', 'geogName', 'settlement', 'region', 'country', 'district', 'bloc'];
const PERSON = ['person', 'personGrp'];
const BIBLIOGRAPHIC = ['bibl', 'biblStruct', 'biblFull', 'listBibl', 'msDesc', 'msItem', 'witness'];
/** Who can be responsible for an intervention or a change: people, bodies, and the header's statements of them. */
const RESPONSIBLE = [
  'person', 'personGrp', 'org', 'respStmt', 'editor', 'author', 'name', 'persName', 'orgName',
  'principal', 'funder', 'sponsor',
];

export interface Expectation {
  kinds: readonly string[];
  /** How a message names what was expected: "a <place>". */
  label: string;
}

const E = {
  person: { kinds: PERSON, label: 'a <person> or <personGrp>' },
  place: { kinds: ['place'], label: 'a <place>' },
  org: { kinds: ['org'], label: 'an <org>' },
  event: { kinds: ['event'], label: 'an <event>' },
  // A listWit with an id stands for a group of witnesses (a family): TEI allows pointing to it.
  witness: { kinds: ['witness', 'listWit'], label: 'a <witness> (or a <listWit> of witnesses)' },
  // Speakers in drama are cast-list roles; @who on <change> names whoever made it (an editor, a respStmt).
  who: { kinds: [...RESPONSIBLE, 'persona', 'role', 'castItem'], label: 'a <person> or other party (<personGrp>, <role>, <editor>, <respStmt>…)' },
  hand: { kinds: ['handNote'], label: 'a <handNote>' },
  source: { kinds: BIBLIOGRAPHIC, label: 'a bibliographic entry (<bibl>, <biblStruct>, <msDesc>…)' },
  resp: { kinds: RESPONSIBLE, label: 'a responsible person or body (<person>, <org>, <respStmt>, <editor>…)' },
} satisfies Record<string, Expectation>;

const RS_TYPES: Record<string, Expectation> = { person: E.person, place: E.place, org: E.org, event: E.event };

/**
 * What a pointer from `attrName` on `owner` should reach, or undefined when
 * any target is acceptable (@corresp, @ana, @target… point to anything by design).
 */
export function expectedKinds(owner: Element, attrName: string): Expectation | undefined {
  switch (attrName) {
    case 'ref':
      if (isTei(owner, 'persName')) return E.person;
      if (isTei(owner, ...PLACE_NAMES)) return E.place;
      if (isTei(owner, 'orgName')) return E.org;
      if (isTei(owner, 'rs')) return Object.hasOwn(RS_TYPES, owner.getAttribute('type') ?? '') ? RS_TYPES[owner.getAttribute('type') ?? ''] : undefined;
      return undefined;
    case 'wit':
      return E.witness;
    case 'who':
      return E.who;
    case 'hand':
      return E.hand;
    case 'source':
      return isTei(owner, 'quote', 'q', 'cit') ? E.source : undefined;
    case 'resp':
      return E.resp;
    default:
      return undefined;
  }
}

export function article(name: string): string {
  return /^[aeiou]/i.test(name) ? 'an' : 'a';
}

/** `@ref="#p-lenin" on <placeName>`, or `#Z in @wit="#A #Z" on <rdg>` when the attribute holds a list. */
export function describePointer(p: LocalPointer): string {
  const value = p.attr.value.trim();
  const where = `on <${p.owner.localName}>`;
  if (value === p.token) return `@${p.attr.name}="${p.token}" ${where}`;
  const shown = value.length > 60 ? `${value.slice(0, 57)}…` : value;
  return `${p.token} in @${p.attr.name}="${shown}" ${where}`;
}

/** xml:ids of the TEI elements with these names (the candidates a hint may suggest). */
export function idsOfKinds(index: DocumentIndex, kinds: readonly string[]): string[] {
  const out: string[] = [];
  for (const k of kinds) {
    for (const el of index.elements(k)) {
      const id = el.getAttributeNS('http://www.w3.org/XML/1998/namespace', 'id');
      if (id) out.push(id.trim());
    }
  }
  return out;
}

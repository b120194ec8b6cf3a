import type { Entity, EntityKind } from '../../model/types';
import type { RenderContext } from './context';
import { groupOccurrences, indexHeading, lifeDetails, occurrenceLabel, sortForIndex } from '../index-entries';
import { externalHref } from './escape';
import { registerPageName } from '../../registers/names';

export const KIND_ORDER: readonly EntityKind[] = ['person', 'place', 'org', 'work', 'event', 'other'];

export const KIND_LABEL: Record<EntityKind, { plural: string; singular: string }> = {
  person: { plural: 'Persons', singular: 'person' },
  place: { plural: 'Places', singular: 'place' },
  org: { plural: 'Organisations', singular: 'organisation' },
  work: { plural: 'Works', singular: 'work' },
  event: { plural: 'Events', singular: 'event' },
  other: { plural: 'Other names', singular: 'other name' },
};

const SCHEME_LABEL: Record<string, string> = {
  wikidata: 'Wikidata',
  geonames: 'GeoNames',
  viaf: 'VIAF',
  gnd: 'GND',
};

/** Plain strings only: the template escapes them. */
export interface IndexEntry {
  id: string;
  kind: EntityKind;
  name: string;
  dates?: string;
  /** Birth and death as the TEI gives them (places, exact days), when there are any. */
  life?: string;
  altNames: string[];
  description?: string;
  authorities: { label: string; value: string; href?: string; ariaLabel: string }[];
  occurrences: { href: string; label: string; title: string }[];
  /** The entry on its register's page (every edition's mentions of it), when it comes from a register. */
  register?: { href: string; label: string };
}

export interface IndexGroup {
  kind: EntityKind;
  heading: string;
  headingId: string;
  entries: IndexEntry[];
}

/** The index of names, grouped by kind, in the order and with the headings `index-entries` computes. */
export function indexGroups(ctx: RenderContext): IndexGroup[] {
  const byKind = new Map<EntityKind, Entity[]>();
  for (const e of ctx.edition.entities) {
    const list = byKind.get(e.kind) ?? [];
    list.push(e);
    byKind.set(e.kind, list);
  }
  const groups: IndexGroup[] = [];
  for (const kind of KIND_ORDER) {
    const list = byKind.get(kind);
    if (!list || list.length === 0) continue;
    groups.push({
      kind,
      heading: KIND_LABEL[kind].plural,
      headingId: ctx.ids.emit('page', `index-${kind}`),
      entries: sortForIndex(list, ctx.edition.lang).map((e) => indexEntry(e, ctx)),
    });
  }
  return groups;
}

function indexEntry(e: Entity, ctx: RenderContext): IndexEntry {
  const found: { id: string; label: string }[] = [];
  for (const occ of e.occurrences) {
    const id = ctx.ids.emitted('doc', occ);
    if (!id) continue;
    // An occurrence outside any numbered paragraph or letter part is known by its rank.
    found.push({ id, label: ctx.occurrencePlaces.get(id) ?? `occurrence ${found.length + 1}` });
  }
  const occurrences = groupOccurrences(found, (o) => o.label).map((g) => ({
    href: '#' + g.first.id,
    label: occurrenceLabel(g),
    title: g.count > 1 ? `${e.name}, ${g.count} times in ${g.label}` : `${e.name}, in ${g.label}`,
  }));
  const name = indexHeading(e);
  return {
    id: ctx.ids.emit('ent', e.id),
    kind: e.kind,
    name,
    dates: e.dates,
    life: lifeDetails(e),
    altNames: e.altNames.filter((a) => a !== e.name && a !== name),
    description: e.description,
    authorities: e.authorities.map((a) => {
      const label = SCHEME_LABEL[a.scheme.toLowerCase()] ?? a.scheme;
      return { label, value: a.value, href: externalHref(a.url), ariaLabel: `${e.name} in ${label} (${a.value})` };
    }),
    occurrences,
    ...(e.register ? { register: { href: `${registerPageName(e.register)}#${encodeURIComponent(e.id)}`, label: `${name} in the register, with every edition that mentions it` } } : {}),
  };
}

import type { Entity, EntityKind } from '../../model/types';
import type { RenderContext } from './context';
import { externalHref } from './escape';

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
}

export interface IndexGroup {
  kind: EntityKind;
  heading: string;
  headingId: string;
  entries: IndexEntry[];
}

/**
 * The index of names, grouped by kind and sorted by name. The collation locale
 * is the document's, stated explicitly: sorting with the machine's default
 * locale would make the page differ from one build host to the next.
 */
export function indexGroups(ctx: RenderContext): IndexGroup[] {
  const collator = collatorFor(ctx.edition.lang);
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
    const sorted = [...list].sort((a, b) => collator.compare(a.name, b.name) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    groups.push({
      kind,
      heading: KIND_LABEL[kind].plural,
      headingId: ctx.ids.emit('page', `index-${kind}`),
      entries: sorted.map((e) => indexEntry(e, ctx)),
    });
  }
  return groups;
}

function indexEntry(e: Entity, ctx: RenderContext): IndexEntry {
  const occurrences: IndexEntry['occurrences'] = [];
  let i = 0;
  for (const occ of e.occurrences) {
    const id = ctx.ids.emitted('doc', occ);
    if (!id) continue;
    i++;
    const place = ctx.occurrencePlaces.get(id);
    const label = place ?? String(i);
    occurrences.push({ href: '#' + id, label, title: `${e.name}, occurrence ${i}` });
  }
  return {
    id: ctx.ids.emit('ent', e.id),
    kind: e.kind,
    name: e.name,
    dates: e.dates,
    life: [e.birth && `born ${e.birth}`, e.death && `died ${e.death}`].filter(Boolean).join('; ') || undefined,
    altNames: e.altNames.filter((a) => a !== e.name),
    description: e.description,
    authorities: e.authorities.map((a) => {
      const label = SCHEME_LABEL[a.scheme.toLowerCase()] ?? a.scheme;
      return { label, value: a.value, href: externalHref(a.url), ariaLabel: `${e.name} in ${label} (${a.value})` };
    }),
    occurrences,
  };
}

function collatorFor(lang: string): Intl.Collator {
  try {
    return new Intl.Collator(lang || 'en', { sensitivity: 'base', numeric: true });
  } catch {
    // An ill-formed language tag in the TEI must not stop the page.
    return new Intl.Collator('en', { sensitivity: 'base', numeric: true });
  }
}

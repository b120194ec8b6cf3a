/**
 * What the index of names says about an entry, computed once for every
 * writer (HTML, PDF): its order, its heading, its dates, and its occurrences
 * grouped by place. A writer only lays these out.
 */
import type { Entity } from '../model/types';

/**
 * The document's collator, stated explicitly: sorting with the machine's
 * default locale would make the output differ from one build host to the next.
 */
export function indexCollator(lang: string): Intl.Collator {
  try {
    return new Intl.Collator(lang || 'en', { sensitivity: 'base', numeric: true });
  } catch {
    // An ill-formed language tag in the TEI must not stop the build.
    return new Intl.Collator('en', { sensitivity: 'base', numeric: true });
  }
}

/** Persons whose surname is marked sort by it, then by forename; every other entry by its name. */
export function sortForIndex<T extends Entity>(list: readonly T[], lang: string): T[] {
  const collator = indexCollator(lang);
  const key = (e: Entity): [string, string] =>
    e.nameParts ? [e.nameParts.family, [e.nameParts.given, e.nameParts.particle].filter(Boolean).join(' ')] : [e.name, ''];
  return [...list].sort((a, b) => {
    const [fa, ga] = key(a);
    const [fb, gb] = key(b);
    return collator.compare(fa, fb) || collator.compare(ga, gb) || collator.compare(a.name, b.name) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
  });
}

/** "Tardieu, André", "Beethoven, Ludwig van": the surname first where the index sorts on it. */
export function indexHeading(e: Entity): string {
  const p = e.nameParts;
  if (!p || e.surnameFirst) return e.name;
  const rest = [p.given, p.particle].filter(Boolean).join(' ');
  return rest ? `${p.family}, ${rest}` : p.family;
}

/**
 * Birth and death as the TEI gives them, only when they say more than the
 * years already shown ("1876–1945" needs no "(born 1876; died 1945)").
 */
export function lifeDetails(e: Entity): string | undefined {
  const [by, dy] = (e.dates ?? '').split('–');
  const more = (value: string | undefined, year: string | undefined): boolean => value !== undefined && value.trim() !== (year ?? '').trim();
  if (!more(e.birth, by) && !more(e.death, dy)) return undefined;
  return [e.birth && `born ${e.birth}`, e.death && `died ${e.death}`].filter(Boolean).join('; ') || undefined;
}

export interface OccurrenceGroup<T> {
  /** Where the occurrences stand ("¶ 6", "dateline"). */
  label: string;
  /** The first occurrence there: the link goes to it. */
  first: T;
  count: number;
}

/** Occurrences in one place merged into one ("¶ 6 ×4"), in text order. */
export function groupOccurrences<T>(items: readonly T[], labelOf: (item: T) => string): OccurrenceGroup<T>[] {
  const groups: OccurrenceGroup<T>[] = [];
  const byLabel = new Map<string, OccurrenceGroup<T>>();
  for (const item of items) {
    const label = labelOf(item);
    const g = byLabel.get(label);
    if (g) g.count++;
    else {
      const group = { label, first: item, count: 1 };
      byLabel.set(label, group);
      groups.push(group);
    }
  }
  return groups;
}

/** "¶ 6", "¶ 6 ×4". */
export function occurrenceLabel(g: OccurrenceGroup<unknown>): string {
  return g.count > 1 ? `${g.label} \u00d7${g.count}` : g.label;
}

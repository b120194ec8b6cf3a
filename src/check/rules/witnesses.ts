/** Witness bookkeeping shared by the apparatus rules: what is declared, and what a @wit covers. */
import type { DocumentIndex } from './document-index';
import { childElements, closestAncestor, isTei, tokens, xmlId } from './tei';

export interface WitnessTable {
  /** Declared witnesses (with an xml:id, inside a listWit), in document order. */
  declared: string[];
  /** A listWit with an id stands for its witnesses. */
  groups: Map<string, string[]>;
}

export function witnessTable(index: DocumentIndex): WitnessTable {
  const declared: string[] = [];
  for (const w of index.elements('witness')) {
    const id = xmlId(w);
    if (id && closestAncestor(w, 'listWit')) declared.push(id);
  }
  const groups = new Map<string, string[]>();
  for (const lw of index.elements('listWit')) {
    const id = xmlId(lw);
    if (!id) continue;
    const members: string[] = [];
    for (const w of descendants(lw, 'witness')) {
      const wid = xmlId(w);
      if (wid) members.push(wid);
    }
    groups.set(id, members);
  }
  return { declared, groups };
}

/** The witness ids a @wit value covers, with listWit groups expanded; only local pointers count, and bare sigla that are in `acceptBare`. */
export function witnessesOf(value: string | null | undefined, table: WitnessTable, acceptBare?: ReadonlySet<string>): Set<string> {
  const out = new Set<string>();
  if (!value) return out;
  for (const { token } of tokens(value)) {
    if (token[0] !== '#') {
      if (acceptBare?.has(token)) out.add(token);
      continue;
    }
    const id = token.slice(1);
    const group = table.groups.get(id);
    if (group) group.forEach((g) => out.add(g));
    else out.add(id);
  }
  return out;
}

/** lem, rdg and rdgGrp of one app (rdgGrp may nest), not those of apps nested in a reading. */
export function readingsOf(app: Element): Element[] {
  const out: Element[] = [];
  const visit = (el: Element): void => {
    for (const c of childElements(el)) {
      if (isTei(c, 'lem', 'rdg')) out.push(c);
      else if (isTei(c, 'rdgGrp')) {
        out.push(c);
        visit(c);
      }
    }
  };
  visit(app);
  return out;
}

export function descendants(el: Element, name: string): Element[] {
  return Array.from(el.getElementsByTagNameNS('http://www.tei-c.org/ns/1.0', name));
}

/**
 * The xml:id of the witness whose siglum is `siglum`: its @n, or its
 * <abbr type="siglum"> / <idno type="siglum"> (as the model reads sigla).
 * Editions often cite a witness by its siglum (wit="#44") where TEI wants
 * its xml:id (wit="#W44").
 */
export function witnessBySiglum(index: DocumentIndex, siglum: string): string | undefined {
  for (const w of index.elements('witness')) {
    const id = xmlId(w);
    if (!id) continue;
    if (w.getAttribute('n')?.trim() === siglum) return id;
    for (const c of childElements(w)) {
      if (isTei(c, 'abbr', 'idno') && c.getAttribute('type') === 'siglum' && (c.textContent ?? '').trim() === siglum) return id;
    }
  }
  return undefined;
}

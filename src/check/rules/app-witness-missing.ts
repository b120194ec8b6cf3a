import type { Rule } from './rule';
import { listPointers } from './suggest';
import { closestAncestor, isTei, xmlId } from './tei';
import type { DocumentIndex } from './document-index';
import { readingsOf, witnessTable, witnessesOf, type WitnessTable } from './witnesses';

/** Markers that take a witness out of the apparatus, or bring it back, from this point on. */
const LEAVE = ['lacunaStart', 'witEnd'];
const RETURN = ['lacunaEnd', 'witStart'];

/**
 * A positive apparatus accounts for every witness in every entry. What counts
 * as "every witness" is decided sensibly rather than literally:
 * - an entry whose <lem> has no @wit is a negative apparatus (the lemma stands
 *   for all witnesses not named), and is not checked;
 * - an <app> nested in a reading is expected to account only for that
 *   reading's witnesses;
 * - witnesses in a lacuna (lacunaStart…lacunaEnd, witEnd…witStart) are not
 *   expected until they come back;
 * - a witness that no reading anywhere cites is reported once, at its
 *   declaration, instead of in every entry.
 */
export const appWitnessMissing: Rule = {
  id: 'app-witness-missing',
  severity: 'warning',
  description: 'in an apparatus whose readings carry @wit, every declared witness is accounted for by some <lem> or <rdg> of each <app>',
  check(ctx) {
    const apps = ctx.index.elements('app');
    if (apps.length === 0) return;
    const table = witnessTable(ctx.index);
    if (table.declared.length === 0) return;
    const declared = new Set(table.declared);

    const cited = new Set<string>();
    for (const name of ['lem', 'rdg', 'rdgGrp']) {
      for (const r of ctx.index.elements(name)) witnessesOf(r.getAttribute('wit'), table).forEach((w) => cited.add(w));
    }
    if (cited.size === 0) return;
    for (const w of ctx.index.elements('witness')) {
      const id = xmlId(w);
      if (id && declared.has(id) && !cited.has(id)) {
        ctx.report(w, `witness #${id} is declared but no reading of the apparatus cites it`, `cite #${id} in the @wit of the readings it attests, or remove it from the <listWit> if it was not collated`);
      }
    }
    const expectedAll = table.declared.filter((w) => cited.has(w));
    const markersOf = markersByApp(ctx.index);
    const absent = initiallyAbsent(apps, table, markersOf);

    for (const app of apps) {
      const readings = readingsOf(app);
      const markers = markersOf(app);
      // An entry that only marks where a witness breaks off or resumes is about coverage, not variation.
      const checked = markers.length === 0 && readings.some((r) => r.hasAttribute('wit')) && !readings.some((r) => isTei(r, 'lem') && !r.hasAttribute('wit'));
      if (checked) {
        const accounted = new Set<string>();
        // Bare sigla (wit="P") count here: app-unknown-witness reports the missing "#" once.
        for (const r of readings) witnessesOf(r.getAttribute('wit'), table, declared).forEach((w) => accounted.add(w));
        const missing = expectedFor(app, expectedAll, table).filter((w) => !accounted.has(w) && !absent.has(w));
        if (missing.length > 0) {
          const which = missing.length === 1 ? `witness #${missing[0]}` : `witnesses ${listPointers(missing)}`;
          ctx.report(
            app,
            `this <app> has no reading for ${which}`,
            `add ${missing.map((m) => `#${m}`).join(' ')} to the @wit of the reading ${missing.length === 1 ? 'it attests' : 'they attest'} (or a <rdg wit="…"> of ${missing.length === 1 ? 'its' : 'their'} own); mark a gap in a witness with <lacunaStart/>…<lacunaEnd/>`,
          );
        }
      }
      for (const m of markers) {
        for (const w of markerWitnesses(m, table)) {
          if (isTei(m, ...LEAVE)) absent.add(w);
          else absent.delete(w);
        }
      }
    }
  },
};

/** Witnesses an app must account for: all of them at the top level, those of the enclosing reading for a nested app. */
function expectedFor(app: Element, all: string[], table: WitnessTable): string[] {
  const reading = closestAncestor(app, 'lem', 'rdg');
  if (!reading || !reading.hasAttribute('wit')) return all;
  const inReading = witnessesOf(reading.getAttribute('wit'), table);
  return all.filter((w) => inReading.has(w));
}

/** lacunaStart/End and witStart/End grouped by the app they belong to (not an app nested in one of its readings). */
function markersByApp(index: DocumentIndex): (app: Element) => Element[] {
  const byApp = new Map<Element, Element[]>();
  for (const name of [...LEAVE, ...RETURN]) {
    for (const m of index.elements(name)) {
      const app = closestAncestor(m, 'app');
      if (!app) continue;
      const list = byApp.get(app);
      if (list) list.push(m);
      else byApp.set(app, [m]);
    }
  }
  return (app) => (byApp.get(app) ?? []).sort(documentOrder);
}

function markerWitnesses(marker: Element, table: WitnessTable): Set<string> {
  if (marker.hasAttribute('wit')) return witnessesOf(marker.getAttribute('wit'), table);
  const reading = closestAncestor(marker, 'lem', 'rdg');
  return witnessesOf(reading?.getAttribute('wit'), table);
}

/** A witness whose first marker brings it back (lacunaEnd, witStart) was absent from the start. */
function initiallyAbsent(apps: readonly Element[], table: WitnessTable, markersOf: (app: Element) => Element[]): Set<string> {
  const seen = new Set<string>();
  const absent = new Set<string>();
  for (const app of apps) {
    for (const m of markersOf(app)) {
      for (const w of markerWitnesses(m, table)) {
        if (seen.has(w)) continue;
        seen.add(w);
        if (isTei(m, ...RETURN)) absent.add(w);
      }
    }
  }
  return absent;
}

function documentOrder(a: Element, b: Element): number {
  const la = (a as unknown as { lineNumber?: number }).lineNumber ?? 0;
  const lb = (b as unknown as { lineNumber?: number }).lineNumber ?? 0;
  return la - lb || ((a as unknown as { columnNumber?: number }).columnNumber ?? 0) - ((b as unknown as { columnNumber?: number }).columnNumber ?? 0);
}

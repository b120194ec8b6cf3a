import type { Rule } from './rule';
import { childElements, closestAncestor, isTei, lineOf, tokens } from './tei';
import { witnessTable, witnessesOf, type WitnessTable } from './witnesses';

/** The markers of a fragmentary witness: whether each takes it out of the text or brings it back. */
const LEAVES: Readonly<Record<string, 'ended' | 'lacuna'>> = { witEnd: 'ended', lacunaStart: 'lacuna' };
const RETURNS = new Set(['witStart', 'lacunaEnd']);

type Absence = { why: 'not-begun' | 'ended' | 'lacuna'; marker: Element };

/**
 * A witness has no readings where it has no text: before its first
 * <witStart/>, after a <witEnd/> (until the next <witStart/>), between
 * <lacunaStart/> and <lacunaEnd/>. A reading for it there is an encoding
 * slip (a marker misplaced, a siglum in the wrong @wit), and a witness build
 * would not show it: the model cuts the witness's text at its markers
 * (src/model/apparatus/extents.ts, with the same reading of the markers).
 * A listWit cited in @wit stands for its witnesses; the reading holding a
 * witness's own marker is the event itself, not a reading outside it.
 */
export const appReadingOutsideExtent: Rule = {
  id: 'app-reading-outside-extent',
  severity: 'warning',
  description: 'no <lem> or <rdg> cites a witness where the witness has no text (before its <witStart/>, after its <witEnd/>, inside a lacuna)',
  check(ctx) {
    const names = [...RETURNS, ...Object.keys(LEAVES)];
    if (names.every((n) => ctx.index.elements(n).length === 0)) return;
    const table = witnessTable(ctx.index);
    const absent = initiallyAbsent(ctx.document.root, table);
    const visit = (el: Element): void => {
      if (isTei(el, 'teiHeader', 'standOff')) return;
      if (isTei(el, 'lem', 'rdg') && el.hasAttribute('wit') && closestAncestor(el, 'app')) {
        const own = ownMarkerWitnesses(el, table);
        const out: { token: string; absence: Absence }[] = [];
        for (const { token } of tokens(el.getAttribute('wit') ?? '')) {
          if (token[0] !== '#') continue;
          const ids = [...witnessesOf(token, table)];
          const gone = ids.map((w) => absent.get(w));
          if (ids.length === 0 || ids.some((w) => own.has(w)) || gone.some((g) => g === undefined)) continue;
          out.push({ token, absence: gone[0]! });
        }
        for (const { token, absence } of out) {
          const where = `line ${lineOf(absence.marker)}`;
          const state =
            absence.why === 'not-begun' ? `which has not begun here (its first <witStart/> is on ${where})`
              : absence.why === 'ended' ? `which has ended here (<witEnd/> on ${where})`
                : `which is in a lacuna here (<lacunaStart/> on ${where})`;
          ctx.report(
            el,
            `this <${el.localName}> cites witness ${token}, ${state}`,
            `a witness has no readings outside its extent: move the <witStart/>, <witEnd/> or lacuna marker, or take ${token} out of this @wit`,
          );
        }
      }
      const leave = LEAVES[el.localName];
      if ((leave || RETURNS.has(el.localName)) && isTei(el)) {
        for (const w of markerWitnesses(el, table)) {
          if (leave) {
            if (!absent.has(w)) absent.set(w, { why: leave, marker: el });
          } else absent.delete(w);
        }
      }
      for (const c of childElements(el)) visit(c);
    };
    visit(ctx.document.root);
  },
};

/** A marker's own @wit, else the @wit of the lem or rdg it stands in (listWit groups expanded). */
function markerWitnesses(marker: Element, table: WitnessTable): Set<string> {
  if (marker.hasAttribute('wit')) return witnessesOf(marker.getAttribute('wit'), table);
  const reading = closestAncestor(marker, 'lem', 'rdg');
  return witnessesOf(reading?.getAttribute('wit'), table);
}

/** The witnesses whose markers stand in this reading (not in an app nested in it). */
function ownMarkerWitnesses(reading: Element, table: WitnessTable): Set<string> {
  const out = new Set<string>();
  const walk = (el: Element): void => {
    for (const c of childElements(el)) {
      if (isTei(c, 'app')) continue;
      if (isTei(c, ...RETURNS, ...Object.keys(LEAVES))) markerWitnesses(c, table).forEach((w) => out.add(w));
      else walk(c);
    }
  };
  walk(reading);
  return out;
}

/** Witnesses whose first marker brings them back (a witStart, a lacunaEnd) are absent from the start. */
function initiallyAbsent(root: Element, table: WitnessTable): Map<string, Absence> {
  const seen = new Set<string>();
  const absent = new Map<string, Absence>();
  const visit = (el: Element): void => {
    if (isTei(el, 'teiHeader', 'standOff')) return;
    const returns = RETURNS.has(el.localName) && isTei(el);
    if (returns || (LEAVES[el.localName] && isTei(el))) {
      for (const w of markerWitnesses(el, table)) {
        if (seen.has(w)) continue;
        seen.add(w);
        if (returns) absent.set(w, { why: el.localName === 'witStart' ? 'not-begun' : 'lacuna', marker: el });
      }
    }
    for (const c of childElements(el)) visit(c);
  };
  visit(root);
  return absent;
}

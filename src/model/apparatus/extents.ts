/**
 * Fragmentary witnesses: where a witness's text begins and ends, and where it
 * breaks off and resumes (TEI witStart, witEnd, lacunaStart, lacunaEnd).
 *
 * Two uses, decided here once:
 * - the apparatus states the event ("C begins", "F ends"), never "om.":
 *   `fragmentsOf` reads the events a reading holds, `fragmentVerb` words them;
 * - a witness build shows nothing from outside the witness's extent:
 *   `WitnessExtent` follows the witness through the document in order, and
 *   the reader asks it, node by node, whether the witness has text there and
 *   which marker to print where it has none (`lacunaText`).
 *
 * The extent, as TEI means it: a witness whose first marker is a witStart
 * has not begun before it (one whose first is a lacunaEnd is in a lacuna
 * from the start); after a witEnd it is absent until a witStart; between
 * lacunaStart and lacunaEnd it is absent. A marker concerns the witnesses of
 * its own @wit, else those of the lem/rdg it stands in; a listWit cited in
 * @wit stands for its witnesses.
 */
import { attr, ELEMENT_NODE, isTei, localIds, TEI_NS } from '../dom';
import type { FragmentEvent, LacunaNode, LacunaWhy, Witness } from '../types';

const EVENTS: Readonly<Record<string, FragmentEvent>> = {
  witStart: 'begins',
  witEnd: 'ends',
  lacunaStart: 'breaks-off',
  lacunaEnd: 'resumes',
};

/** What each event does to the witness's presence: it leaves (and why it is absent after it) or it returns. */
const EFFECT: Readonly<Record<FragmentEvent, LacunaWhy | 'returns'>> = {
  begins: 'returns',
  resumes: 'returns',
  ends: 'ended',
  'breaks-off': 'lacuna',
};

/** The apparatus's words for each event, with one witness and with several. */
export const FRAGMENT_WORDING: Readonly<Record<FragmentEvent, readonly [string, string]>> = {
  begins: ['begins', 'begin'],
  ends: ['ends', 'end'],
  'breaks-off': ['breaks off', 'break off'],
  resumes: ['resumes', 'resume'],
};

/**
 * The marker a witness build prints where the witness has no text, `{w}`
 * standing for its siglum. Kept in one place so that the signs legend can
 * list it with the other signs.
 */
export const LACUNA_WORDING: Readonly<Record<LacunaWhy, string>> = {
  'not-begun': '[lacuna: {w} has not begun]',
  ended: '[lacuna: {w} has ended]',
  lacuna: '[lacuna in {w}]',
};

export function lacunaText(why: LacunaWhy, siglum: string): string {
  return LACUNA_WORDING[why].replace('{w}', siglum);
}

/** The event an element marks, if it is one of the four markers. */
export function fragmentEventOf(el: Element): FragmentEvent | undefined {
  return el.namespaceURI === TEI_NS ? EVENTS[el.localName] : undefined;
}

/** The events a lem or rdg holds, in document order (not those of an app nested in it). */
export function fragmentsOf(reading: Element): FragmentEvent[] {
  const out: FragmentEvent[] = [];
  const walk = (el: Element): void => {
    for (let n = el.firstChild; n; n = n.nextSibling) {
      if (n.nodeType !== ELEMENT_NODE) continue;
      const c = n as Element;
      const ev = fragmentEventOf(c);
      if (ev) out.push(ev);
      else if (!isTei(c, 'app')) walk(c);
    }
  };
  walk(reading);
  return out;
}

/**
 * A reading that only states events: no words of its own (it says where a
 * witness begins or ends, not what it reads).
 */
export function isFragmentOnly(reading: Element, events: readonly FragmentEvent[]): boolean {
  return events.length > 0 && (reading.textContent ?? '').trim() === '';
}

/** "begins", or "begin" for several witnesses; several events are joined: "ends and begins". */
export function fragmentVerb(events: readonly FragmentEvent[], witnesses: number): string {
  return events.map((e) => FRAGMENT_WORDING[e][witnesses > 1 ? 1 : 0]).join(' and ');
}

/** The ids a @wit names that stand for `witness`: itself and every listWit group it belongs to. */
export function namesOf(witness: Witness, all: readonly Witness[]): Set<string> {
  const names = new Set([witness.id]);
  for (const g of all) if (g.members?.includes(witness.id)) names.add(g.id);
  return names;
}

/** Whether a reading's @wit covers the witness (directly or through a group). */
export function covers(wits: readonly string[], names: ReadonlySet<string>): boolean {
  return wits.some((w) => names.has(w));
}

interface Step {
  marker: Element;
  effect: LacunaWhy | 'returns';
}

/**
 * One witness followed through the document, for its witness build. The
 * reader asks, in document order:
 * - `absent`: whether the witness has no text at the current point;
 * - `holds(el)`: whether an element must still be read although the witness
 *   is absent, because a marker of this witness is in it;
 * - `passed(el)`: after reading such an element, to apply its markers;
 * - `lacuna()`: the marker to print (once per absent stretch and block);
 * - `newBlock()`: at each new paragraph or heading.
 * While `suspended` (readings of an apparatus entry, note bodies), nothing
 * is cut: those are the apparatus's and the editor's, not the witness's text.
 */
export class WitnessExtent {
  readonly names: ReadonlySet<string>;
  absent: LacunaWhy | undefined;
  suspended = 0;
  private readonly steps: Step[];
  /** Each element holding markers of the witness → the index of its last one (steps are in document order). */
  private readonly holders = new Map<Node, number>();
  private next = 0;
  private marked = false;

  constructor(
    root: Element,
    readonly witness: Witness,
    witnesses: readonly Witness[],
  ) {
    this.names = namesOf(witness, witnesses);
    this.steps = markersOf(root, this.names);
    this.steps.forEach((s, i) => {
      for (let p: Node | null = s.marker; p; p = p.parentNode) this.holders.set(p, i);
    });
    const first = this.steps[0];
    if (first && first.effect === 'returns') this.absent = fragmentEventOf(first.marker) === 'begins' ? 'not-begun' : 'lacuna';
  }

  /** Whether the witness's text is cut at this point (absent, and not inside a suspended part). */
  get cutting(): boolean {
    return this.absent !== undefined && this.suspended === 0;
  }

  holds(node: Node): boolean {
    return this.holders.has(node);
  }

  /**
   * Apply the markers inside `el` (or `el` itself) not yet applied, in order,
   * and any earlier one the reader never reached (in a note body, say).
   */
  passed(el: Element): void {
    const last = this.holders.get(el) ?? -1;
    for (; this.next <= last; this.next++) {
      const { effect } = this.steps[this.next];
      if (effect === 'returns') this.absent = undefined;
      else if (this.absent === undefined) {
        this.absent = effect;
        this.marked = false;
      }
    }
  }

  newBlock(): void {
    this.marked = false;
  }

  /** The lacuna marker for the current stretch, the first time it is asked for in this block. */
  lacuna(): LacunaNode | undefined {
    if (this.absent === undefined || this.marked) return undefined;
    this.marked = true;
    const siglum = this.witness.siglum || this.witness.id;
    return { kind: 'lacuna', witness: siglum, why: this.absent, text: lacunaText(this.absent, siglum) };
  }
}

/** The markers that concern the witness (named by `names`), in document order, with their effect. */
function markersOf(root: Element, names: ReadonlySet<string>): Step[] {
  const out: Step[] = [];
  const walk = (el: Element): void => {
    for (let n = el.firstChild; n; n = n.nextSibling) {
      if (n.nodeType !== ELEMENT_NODE) continue;
      const c = n as Element;
      const ev = fragmentEventOf(c);
      if (ev) {
        if (covers(markerWitnesses(c), names)) out.push({ marker: c, effect: EFFECT[ev] });
      } else if (!isTei(c, 'teiHeader') && !isTei(c, 'standOff')) walk(c);
    }
  };
  walk(root);
  return out;
}

/** A marker's own @wit, else the @wit of the lem or rdg it stands in. */
function markerWitnesses(marker: Element): string[] {
  const own = attr(marker, 'wit');
  if (own) return localIds(own);
  for (let p = marker.parentNode; p && p.nodeType === ELEMENT_NODE; p = p.parentNode) {
    const e = p as Element;
    if (isTei(e, 'lem') || isTei(e, 'rdg')) return localIds(attr(e, 'wit'));
    if (isTei(e, 'app')) break;
  }
  return [];
}


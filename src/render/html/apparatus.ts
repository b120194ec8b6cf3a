import type { ApparatusEntry, Reading } from '../../model/types';
import { withDeletionsShown } from '../../model/apparatus/deletions';
import { fragmentVerb, statesEventsOnly } from '../../model/apparatus/extents';
import { copyContext, type RenderContext } from './context';
import { esc } from './escape';
import { inlinesToHtml } from './inline';
import { langAttrs } from './lang';
import { directionOf, strongDirection } from '../script';

/** One entry of the apparatus list (also used in the popover). */
export interface ApparatusItem {
  /** HTML id of the list item */
  id: string;
  n: number;
  kind: string;
  /** `lemma] reading Sigla` as HTML, without ids */
  html: string;
  /** Marker in the text, when the entry has one on this page */
  backHref?: string;
  /** "¶ 3" */
  place?: string;
  /** Popover id, when the entry has a marker */
  popoverId?: string;
}

/**
 * The apparatus in the usual print form: `lemma Sigla] reading Sigla; …`.
 * An editorial reading is marked "ed."; an empty reading is "om.". Inner
 * markup is kept (a person in a lemma stays a person), ids are not: the
 * text holds the only copy of each anchor.
 */
export function apparatusItems(ctx: RenderContext): ApparatusItem[] {
  const copy = copyContext(ctx);
  return ctx.edition.apparatus.map((entry) => {
    const marker = ctx.ids.emitted('appref', entry.id);
    return {
      id: ctx.ids.emit('app', entry.id),
      n: entry.n,
      kind: entry.kind,
      html: formatEntry(entry, copy),
      backHref: marker ? '#' + marker : undefined,
      place: ctx.entryPlaces.get(entry.id),
      popoverId: marker ? ctx.ids.emit('pop', entry.id) : undefined,
    };
  });
}

export function formatEntry(entry: ApparatusEntry, ctx: RenderContext): string {
  if (entry.readings.length === 0) return '';
  let lemmaIndex = entry.readings.findIndex((r) => r.lemma);
  // Readings that only say where witnesses begin or end have no lemma: "F ends; C begins", no "]".
  const noLemma = lemmaIndex < 0 && entry.readings.every(statesEventsOnly);
  if (lemmaIndex < 0) lemmaIndex = 0;
  const lemma = entry.readings[lemmaIndex];
  // The apparatus reports what each witness has, struck words included.
  const bodies = entry.readings.map((r) => inlinesToHtml(withDeletionsShown(r.children), ctx));
  // Readings in another direction than the page (a Syriac variant in a Greek apparatus) are
  // isolated, and so are the sigla: the bidi algorithm must not carry "]" and ";" across them.
  const page = directionOf(ctx.edition.lang) ?? 'ltr';
  const isolate = bodies.some((b) => (strongDirection(b.replace(/<[^>]*>/g, '')) ?? page) !== page);
  if (noLemma) {
    return entry.readings.map((r, i) => reading(r, bodies[i], 'rdg', ctx, isolate)).join('<span class="app-sep">;</span> ');
  }
  const parts: string[] = [reading(lemma, bodies[lemmaIndex], 'lem', ctx, isolate), '<span class="app-sep">]</span>'];
  let first = true;
  entry.readings.forEach((r, i) => {
    if (i === lemmaIndex) return;
    parts.push(first ? ' ' : '<span class="app-sep">;</span> ', reading(r, bodies[i], 'rdg', ctx, isolate));
    first = false;
  });
  return parts.join('');
}

function reading(r: Reading, text: string, cls: 'lem' | 'rdg', ctx: RenderContext, isolate: boolean): string {
  const events = statesEventsOnly(r);
  const body = text.trim() === '' && !events ? '<i class="om">om.</i>' : text;
  const tag = isolate ? 'bdi' : 'span';
  const parts = events ? [] : [`<${tag} class="${cls}"${langAttrs(r.lang)}>${body}</${tag}>`];
  if (r.wits.length > 0) {
    const sigla = r.wits.map((w) => {
      const wit = ctx.witnesses.get(w);
      const s = wit ? wit.siglum : w;
      return wit?.description ? `<abbr title="${esc(wit.description)}">${esc(s)}</abbr>` : esc(s);
    });
    parts.push(`${events ? '' : ' '}<${tag} class="sigla">${sigla.join(' ')}</${tag}>`);
  }
  // What the witness does here ("C begins"), as the model words it.
  if (r.fragment?.length) parts.push(` <span class="frag-event">${esc(fragmentVerb(r.fragment, r.wits.length))}</span>`);
  if (r.editorial) {
    const who = r.resp.map((id) => ctx.entities.get(id)?.name ?? id);
    const title = who.length > 0 ? ` title="${esc('by ' + who.join(', '))}"` : '';
    parts.push(` <span class="ed-mark"${title}>ed.</span>`);
  }
  const qual = [r.type, r.cause].filter((x): x is string => !!x && x !== 'lemma');
  if (qual.length > 0 && !r.editorial) parts.push(` <span class="rdg-type">(${esc(qual.join(', '))})</span>`);
  return parts.join('');
}

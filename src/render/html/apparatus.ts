import { entryViews, OMISSION, type EntryView } from '../../model/apparatus/view';
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
 * The apparatus in the usual print form, `lemma Sigla] reading Sigla; …`,
 * worded by the model's entry view. Inner markup is kept (a person in a lemma
 * stays a person), ids are not: the text holds the only copy of each anchor.
 */
export function apparatusItems(ctx: RenderContext): ApparatusItem[] {
  const copy = copyContext(ctx);
  const views = entryViews(ctx.edition);
  return ctx.edition.apparatus.map((entry) => {
    const marker = ctx.ids.emitted('appref', entry.id);
    return {
      id: ctx.ids.emit('app', entry.id),
      n: entry.n,
      kind: entry.kind,
      html: formatEntry(views.get(entry.id)!, copy),
      backHref: marker ? '#' + marker : undefined,
      place: ctx.entryPlaces.get(entry.id),
      popoverId: marker ? ctx.ids.emit('pop', entry.id) : undefined,
    };
  });
}

/**
 * One formatted entry (src/model/apparatus/view.ts) as HTML: its parts in
 * order, nothing added but markup. Contents in another direction than the
 * page (a Syriac reading in a Greek apparatus) are isolated in <bdi>, and so
 * are the sigla: the bidi algorithm must not carry "]" and ";" across them.
 */
export function formatEntry(view: EntryView, ctx: RenderContext): string {
  const page = directionOf(ctx.edition.lang) ?? 'ltr';
  const bodies = view.parts.map((p) => (p.kind === 'content' ? inlinesToHtml(p.content, ctx) : ''));
  const isolate = view.parts.some((p, i) => p.kind === 'content' && (strongDirection(bodies[i].replace(/<[^>]*>/g, '')) ?? page) !== page);
  const tag = isolate ? 'bdi' : 'span';
  const out: string[] = [];
  let sigla: string[] | undefined;
  const closeSigla = (): void => {
    if (sigla) out.push(`<${tag} class="sigla">${sigla.join(' ')}</${tag}>`);
    sigla = undefined;
  };
  view.parts.forEach((p, i) => {
    if (p.kind === 'siglum') {
      const s = p.title ? `<abbr title="${esc(p.title)}">${esc(p.siglum)}</abbr>` : esc(p.siglum);
      (sigla ??= []).push(s);
      return;
    }
    // The one space between two sigla is written by the join above.
    if (sigla && p.kind === 'text' && p.text === ' ' && view.parts[i + 1]?.kind === 'siglum') return;
    closeSigla();
    switch (p.kind) {
      case 'content':
        out.push(`<${tag} class="${p.role === 'lemma' ? 'lem' : 'rdg'}"${langAttrs(p.lang)}>${bodies[i]}</${tag}>`);
        return;
      case 'word':
        out.push(`<i class="${p.text === OMISSION ? 'om' : 'app-word'}">${esc(p.text)}</i>`);
        return;
      case 'qualifier':
        out.push(`<span class="rdg-type">${esc(p.text)}</span>`);
        return;
      case 'text':
        out.push(esc(p.text).replace(/[^\s]+/g, (m) => `<span class="app-sep">${m}</span>`));
        return;
    }
  });
  closeSigla();
  return out.join('');
}

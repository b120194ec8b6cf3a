import { INTERVENTIONS } from '../../model/behaviours';
import { markLetters, signsOf } from '../../model/signs';
import type { AlternateNode, DateNode, Emphasis, EntityRef, Inline, Sign, VariantNode } from '../../model/types';
import { stringify } from '../../model/walk';
import { RenderError } from '../types';
import type { RenderContext } from './context';
import { classToken, esc, htmlDate, safeHref } from './escape';
import { langAttrs } from './lang';
import { effectiveWitnesses } from './witnesses';

/**
 * Model inline nodes → HTML, appended to `out` (one array per page, joined
 * once: the Kant volume has tens of thousands of nodes).
 *
 * Only phrasing content is produced, so the result can sit in a <p>, a
 * heading, a <button>-free link or a popover.
 */
export function renderInlines(nodes: readonly Inline[], ctx: RenderContext, out: string[]): void {
  for (let i = 0; i < nodes.length; i++) renderInline(nodes[i], ctx, out);
}

export function inlinesToHtml(nodes: readonly Inline[], ctx: RenderContext): string {
  const out: string[] = [];
  renderInlines(nodes, ctx, out);
  return out.join('');
}

function renderInline(node: Inline, ctx: RenderContext, out: string[]): void {
  try {
    renderInlineUnchecked(node, ctx, out);
  } catch (e) {
    if (e instanceof RenderError) throw e;
    const src = node.kind === 'text' ? undefined : node.src;
    throw new RenderError(`HTML: cannot render a ${node.kind} node: ${(e as Error).message}`, src);
  }
}

function renderInlineUnchecked(node: Inline, ctx: RenderContext, out: string[]): void {
  switch (node.kind) {
    case 'text':
      out.push(esc(ctx.mark ? markLetters(node.text, ctx.mark) : node.text));
      return;
    case 'emphasis': {
      const tag = EMPHASIS_TAG[node.style];
      const cls = node.style === 'smallcaps' ? 'sc' : node.style === 'other' ? 'hi' : '';
      out.push('<', tag, common(node, ctx), cls ? ` class="${cls}"` : '', '>');
      renderInlines(node.children, ctx, out);
      out.push('</', tag, '>');
      return;
    }
    case 'title': {
      const level = node.level ? ` title-${classToken(node.level)}` : '';
      out.push('<cite', common(node, ctx), ` class="title${level}">`);
      const target = node.ref ? ctx.entities.get(node.ref) : undefined;
      if (target && ctx.linkDepth === 0 && hasText(node.children)) {
        out.push(`<a class="title-link" href="#${esc(ctx.ids.ref('ent', target.id))}">`);
        inLink(node.children, ctx, out);
      } else {
        renderInlines(node.children, ctx, out);
      }
      out.push('</cite>');
      return;
    }
    case 'entity':
      renderEntity(node, ctx, out);
      return;
    case 'quote': {
      const names = node.sources.map((s) => ctx.entities.get(s)?.name).filter((s): s is string => !!s);
      const title = names.length > 0 ? ` title="${esc('source: ' + names.join('; '))}"` : '';
      out.push('<span', common(node, ctx), ' class="quote"', title, '>');
      renderInlines(node.children, ctx, out);
      out.push('</span>');
      return;
    }
    case 'date':
      renderDate(node, ctx, out);
      return;
    case 'citation':
      out.push('<span', common(node, ctx), ' class="bibl">');
      renderInlines(node.children, ctx, out);
      out.push('</span>');
      return;
    case 'link': {
      const href = linkTarget(node.href, ctx);
      if (href === undefined || ctx.linkDepth > 0) {
        out.push('<span', common(node, ctx), ' class="ref">');
        renderInlines(node.children, ctx, out);
        out.push('</span>');
        return;
      }
      out.push('<a', common(node, ctx), ` class="ref" href="${esc(href)}">`);
      // An empty <ref target="…"/> shows its target, as TEI's own stylesheets do: a link needs a text.
      if (hasText(node.children)) inLink(node.children, ctx, out);
      else inLink([{ kind: 'text', text: node.href }], ctx, out);
      return;
    }
    case 'foreign':
      // `common` writes the lang attribute; foreign always has one.
      out.push('<span', common(node, ctx), ' class="foreign">');
      renderInlines(node.children, ctx, out);
      out.push('</span>');
      return;
    case 'alternate':
      renderAlternate(node, ctx, out);
      return;
    case 'variant':
      renderVariant(node, ctx, out);
      return;
    case 'editorial': {
      const tag = node.type === 'deleted' ? 'del' : node.type === 'added' ? 'ins' : 'span';
      const s = signsOf(node, ctx.edition.options.mode);
      const label = (s?.meaning ?? INTERVENTIONS[node.type].title) + (node.reason ? ` (${node.reason})` : '');
      out.push('<', tag, common(node, ctx), ` class="ed ed-${node.type}" title="${esc(label)}"`, node.visible ? '' : ' hidden', '>');
      signed(s, node.children, ctx, out);
      out.push('</', tag, '>');
      if (node.entry) marker(node.entry, ctx, out);
      return;
    }
    case 'gap': {
      const detail = [node.reason, node.extent].filter(Boolean).join(', ');
      out.push('<span', common(node, ctx), ` class="gap" title="${esc(detail ? `gap: ${detail}` : 'gap')}">`);
      const s = signsOf(node, ctx.edition.options.mode)!;
      sign(s.open + s.close, out);
      out.push('</span>');
      if (node.entry) marker(node.entry, ctx, out);
      return;
    }
    case 'lacuna':
      // The model's wording, as every writer prints it; the class lets a stylesheet set it apart from the text.
      out.push(`<span class="lacuna lacuna-${node.why}">${esc(node.text)}</span>`);
      return;
    case 'noteRef':
      renderNoteRef(node.note, node.id, ctx, out);
      return;
    case 'break': {
      // A break that does not join separates words, so it is written with a space.
      const sep = node.joins ? '' : ' ';
      // Copies (apparatus, popovers) keep the word boundary but not the source layout.
      if (!ctx.anchors) {
        out.push(sep);
        return;
      }
      if (node.type === 'line') ctx.sawLineBreak = true;
      const cls = (node.type === 'line' ? 'lb' : node.type === 'page' ? 'pb' : 'cb') + (node.joins ? ' joins' : '');
      const n = node.n ? ` data-n="${esc(node.n)}"` : '';
      const title = node.type === 'page' && node.n ? ` title="${esc('page ' + node.n)}"` : '';
      out.push('<span', common(node, ctx), ` class="${cls}"`, n, title, '></span>', sep);
      return;
    }
    case 'generic':
      // Hidden material (running heads, index terms) stays in the page for search and completeness, out of sight.
      out.push('<span', common(node, ctx), ` class="g-${classToken(node.role)}"`, node.hidden ? ' hidden' : '', '>');
      renderInlines(node.children, ctx, out);
      out.push('</span>');
      return;
    default: {
      // Exhaustiveness: a new inline kind in the model must be given a presentation here.
      const unknown: never = node;
      throw new RenderError(`HTML: unknown inline kind ${(unknown as { kind: string }).kind}`);
    }
  }
}

const EMPHASIS_TAG: Record<Emphasis['style'], string> = {
  italic: 'i',
  bold: 'b',
  underline: 'u',
  superscript: 'sup',
  subscript: 'sub',
  smallcaps: 'span',
  other: 'span',
};

/** The model's signs around the children (a mark on each letter, when the sign has one), spaces kept outside. */
function signed(s: Sign | undefined, children: readonly Inline[], ctx: RenderContext, out: string[]): void {
  if (!s) {
    renderInlines(children, ctx, out);
    return;
  }
  const saved = ctx.mark;
  if (s.mark) ctx.mark = s.mark;
  const inner = inlinesToHtml(children, ctx);
  ctx.mark = saved;
  // Spaces stay outside the signs, as in the text and the PDF: "[ lost]" would read as a lost space.
  const m = /^(\s*)([\s\S]*?)(\s*)$/.exec(inner)!;
  out.push(m[1]);
  sign(s.open, out);
  out.push(m[2]);
  sign(s.close, out);
  out.push(m[3]);
}

function sign(text: string, out: string[]): void {
  if (text !== '') out.push('<span class="sign">', esc(text), '</span>');
}

/** id (first emission only), lang and dir: the attributes every element may carry. */
function common(node: { id?: string; lang?: string }, ctx: RenderContext): string {
  let s = '';
  if (node.id && ctx.anchors) s += ` id="${esc(ctx.ids.emit('doc', node.id))}"`;
  s += langAttrs(node.lang);
  return s;
}

/** Render children inside an already opened <a>, close it, then write what could not nest in it. */
function inLink(children: readonly Inline[], ctx: RenderContext, out: string[]): void {
  ctx.linkDepth++;
  renderInlines(children, ctx, out);
  ctx.linkDepth--;
  out.push('</a>');
  if (ctx.linkDepth === 0 && ctx.deferred.length > 0) {
    for (const x of ctx.deferred) out.push(x);
    ctx.deferred.length = 0;
  }
}

function linkTarget(href: string, ctx: RenderContext): string | undefined {
  const safe = safeHref(href);
  if (safe === undefined) return undefined;
  if (safe.startsWith('#')) {
    // An internal pointer follows the TEI id to wherever the page put it; a
    // pointer to something that is data, not text (a listPerson, say), is not a link.
    const id = safe.slice(1);
    if (ctx.ids.known('doc', id)) return '#' + ctx.ids.ref('doc', id);
    if (ctx.entities.has(id)) return '#' + ctx.ids.ref('ent', id);
    if (ctx.notes.has(id)) return '#' + ctx.ids.ref('note', id);
    if (ctx.entries.has(id)) return '#' + ctx.ids.ref('app', id);
    return undefined;
  }
  return safe;
}

function renderEntity(node: EntityRef, ctx: RenderContext, out: string[]): void {
  const known = node.refs.map((r) => ctx.entities.get(r)).filter((e) => e !== undefined);
  let attrs = '';
  if (ctx.anchors) {
    if (node.id && node.id !== node.occurrence) out.push(`<span id="${esc(ctx.ids.emit('doc', node.id))}"></span>`);
    const occ = ctx.ids.emit('doc', node.occurrence);
    attrs += ` id="${esc(occ)}"`;
    if (ctx.place) ctx.occurrencePlaces.set(occ, ctx.place);
  }
  attrs += langAttrs(node.lang);
  const cls = `ent ent-${node.entityKind}`;
  if (ctx.anchors) ctx.kindsSeen.add(node.entityKind);
  if (known.length > 0) {
    const title = known.map((e) => (e.dates ? `${e.name} (${e.dates})` : e.name)).join('; ');
    attrs += ` title="${esc(title)}"`;
  }
  if (known.length > 0 && ctx.linkDepth === 0 && hasText(node.children)) {
    out.push('<a', attrs, ` class="${cls}" href="#${esc(ctx.ids.ref('ent', known[0].id))}">`);
    inLink(node.children, ctx, out);
    return;
  }
  out.push('<span', attrs, ` class="${cls}">`);
  renderInlines(node.children, ctx, out);
  out.push('</span>');
}

function renderDate(node: DateNode, ctx: RenderContext, out: string[]): void {
  const dt = htmlDate(node.when);
  const range =
    node.from || node.to
      ? `${node.from ?? '…'}–${node.to ?? '…'}`
      : node.notBefore || node.notAfter
        ? [node.notBefore && `not before ${node.notBefore}`, node.notAfter && `not after ${node.notAfter}`].filter(Boolean).join(', ')
        : node.when && !dt
          ? node.when
          : '';
  const title = range ? ` title="${esc(range)}"` : '';
  if (dt) {
    out.push('<time', common(node, ctx), ` class="date" datetime="${dt}"`, title, '>');
    renderInlines(node.children, ctx, out);
    out.push('</time>');
  } else {
    out.push('<span', common(node, ctx), ' class="date"', title, '>');
    renderInlines(node.children, ctx, out);
    out.push('</span>');
  }
}

const ALT_LABEL: Record<AlternateNode['type'], { edited: string; transmitted: string }> = {
  // label of the form NOT shown, by which form is shown
  correction: { edited: 'source', transmitted: 'corrected' },
  regularisation: { edited: 'original', transmitted: 'regularised' },
  expansion: { edited: 'abbreviated', transmitted: 'expanded' },
};

function renderAlternate(node: AlternateNode, ctx: RenderContext, out: string[]): void {
  const shown = node.shown === 'edited' ? node.edited : node.transmitted;
  const other = node.shown === 'edited' ? node.transmitted : node.edited;
  const otherText = plainText(other);
  let title = `${ALT_LABEL[node.type][node.shown]}: ${otherText === '' ? '(empty)' : otherText}`;
  if (node.cert) title += ` (certainty: ${node.cert})`;
  const cls = `alt alt-${node.type}${node.shown === 'transmitted' ? ' alt-transmitted' : ''}`;
  out.push('<span', common(node, ctx), ` class="${cls}" title="${esc(title)}">`);
  renderInlines(shown, ctx, out);
  out.push('</span>');
  marker(node.entry, ctx, out);
}

function renderVariant(node: VariantNode, ctx: RenderContext, out: string[]): void {
  out.push('<span', common(node, ctx), ' class="app">');
  if (!ctx.anchors) {
    // A copy shows the reading of the text only; the apparatus lists the others.
    const r = node.readings[node.shown];
    if (r) renderInlines(r.children, ctx, out);
    out.push('</span>');
    return;
  }
  const wits = effectiveWitnesses(node, ctx.witnessIds);
  for (let i = 0; i < node.readings.length; i++) {
    const r = node.readings[i];
    const shown = i === node.shown;
    const w = wits[i];
    out.push(
      '<span class="rdg',
      r.lemma ? ' rdg-lem' : '',
      '"',
      w.length > 0 ? ` data-wit="${esc(w.join(' '))}"` : '',
      shown ? ' data-shown=""' : ' hidden',
      '>',
    );
    renderInlines(r.children, ctx, out);
    out.push('</span>');
  }
  out.push('</span>');
  marker(node.entry, ctx, out);
}

/** The apparatus call: a button that opens the entry's popover (native popover, no script needed). */
function marker(entryId: string, ctx: RenderContext, out: string[]): void {
  if (!ctx.anchors) return;
  const entry = ctx.entries.get(entryId);
  if (!entry) return;
  const id = ctx.ids.emit('appref', entry.id);
  if (ctx.place) ctx.entryPlaces.set(entry.id, ctx.place);
  const html =
    `<button type="button" class="app-ref" id="${esc(id)}" popovertarget="${esc(ctx.ids.ref('pop', entry.id))}" data-entry="${esc(ctx.ids.ref('app', entry.id))}">` +
    `<span class="vh">apparatus entry </span>${entry.n}</button>`;
  if (ctx.linkDepth > 0) ctx.deferred.push(html);
  else out.push(html);
}

function renderNoteRef(noteId: string, ownId: string | undefined, ctx: RenderContext, out: string[]): void {
  if (!ctx.anchors) return;
  const note = ctx.notes.get(noteId);
  if (!note) return;
  const label = note.label ?? String(note.n);
  const parts: string[] = [];
  if (ownId && ownId !== note.anchor) parts.push(`<span id="${esc(ctx.ids.emit('doc', ownId))}"></span>`);
  parts.push(
    `<a class="noteref" id="${esc(ctx.ids.emit('doc', note.anchor))}" href="#${esc(ctx.ids.ref('note', note.id))}" role="doc-noteref">`,
    `<span class="vh">note </span>${esc(label)}</a>`,
  );
  if (ctx.linkDepth > 0) ctx.deferred.push(parts.join(''));
  else for (const x of parts) out.push(x);
}

/** Whether the nodes show any visible text (a link without text is an accessibility failure). */
function hasText(nodes: readonly Inline[]): boolean {
  return /\S/.test(plainText(nodes));
}

/** The text a reader sees, as a plain string (for title attributes and labels). */
export function plainText(nodes: readonly Inline[]): string {
  return stringify(nodes).replace(/\s+/g, ' ').trim();
}

import type { Block, Container, Paragraph } from '../../model/types';
import { RenderError } from '../types';
import type { RenderContext } from './context';
import { classToken, esc } from './escape';
import { renderInlines } from './inline';
import { langAttrs } from './lang';

/**
 * Model blocks → HTML. Roles map to elements here and nowhere else; the
 * structure of lists and tables is repaired on the way (a list child that is
 * not an item is wrapped in <li>), since HTML is stricter than the model.
 */
export function renderBlocks(blocks: readonly Block[], ctx: RenderContext, out: string[]): void {
  for (let i = 0; i < blocks.length; i++) renderBlock(blocks[i], ctx, out);
}

function renderBlock(block: Block, ctx: RenderContext, out: string[]): void {
  if (block.kind === 'paragraph') renderParagraph(block, ctx, out);
  else renderContainer(block, ctx, out);
}

const PARAGRAPH_CLASS: Record<Paragraph['role'], string> = {
  paragraph: '',
  heading: 'head',
  dateline: 'dateline',
  salute: 'salute',
  signature: 'signed',
  'verse-line': 'l',
  label: 'label',
  other: 'p-other',
};

/** What the index of names calls an occurrence in a letter's parts that carry no paragraph number. */
const UNNUMBERED_PLACE: Partial<Record<Paragraph['role'], string>> = {
  dateline: 'dateline',
  salute: 'salutation',
  signature: 'signature',
};

function blockAttrs(block: Block, ctx: RenderContext, cls: string, generatedId?: string): string {
  let s = '';
  if (ctx.anchors) {
    if (block.id) s += ` id="${esc(ctx.ids.emit('doc', block.id))}"`;
    else if (generatedId) s += ` id="${esc(ctx.ids.emit('para', generatedId))}"`;
  }
  s += langAttrs(block.lang);
  if (cls) s += ` class="${cls}"`;
  return s;
}

function renderParagraph(p: Paragraph, ctx: RenderContext, out: string[]): void {
  try {
    const numbered = p.number !== undefined && !ctx.inNote && ctx.anchors;
    const cls = PARAGRAPH_CLASS[p.role];
    if (p.role === 'heading' && !ctx.inNote) {
      const level = headingLevel(ctx);
      out.push(`<h${level}`, blockAttrs(p, ctx, 'head', numbered ? String(p.number) : undefined), '>');
      renderInlines(p.children, ctx, out);
      out.push(`</h${level}>`);
      return;
    }
    const before = ctx.place;
    if (numbered) ctx.place = `¶ ${p.number}`;
    else if (!ctx.inNote && UNNUMBERED_PLACE[p.role]) ctx.place = UNNUMBERED_PLACE[p.role];
    const attrs = blockAttrs(p, ctx, cls, numbered ? String(p.number) : undefined);
    const n = p.n ? ` data-n="${esc(p.n)}"` : '';
    out.push('<p', attrs, n, '>');
    if (numbered) {
      // The id just emitted is the citable anchor; the link is its visible handle.
      const id = p.id ? ctx.ids.ref('doc', p.id) : ctx.ids.ref('para', String(p.number));
      // The full citation of this paragraph, with its absolute address when one is known, for copy-and-cite.
      const cite = ctx.citeParagraph?.(id, `¶ ${p.number}`);
      // The number is drawn by CSS (data-n), not written as text: copying the paragraph, or its
      // innerText, gives its words, not "¶ 1I have just been reading".
      out.push(`<a class="pilcrow" href="#${esc(id)}" aria-label="Paragraph ${p.number}"${cite ? ` data-cite="${esc(cite)}"` : ''} data-n="¶ ${p.number}"></a>`);
    }
    renderInlines(p.children, ctx, out);
    out.push('</p>');
    ctx.place = before;
  } catch (e) {
    throw asRenderError(e, p);
  }
}

function renderContainer(c: Container, ctx: RenderContext, out: string[]): void {
  try {
    switch (c.role) {
      case 'list':
        renderList(c, ctx, out);
        return;
      case 'table':
        renderTable(c, ctx, out);
        return;
      case 'section':
        renderSection(c, ctx, out);
        return;
      case 'quotation':
        out.push('<blockquote', blockAttrs(c, ctx, 'quotation'), '>');
        renderHeadingAsLabel(c, ctx, out);
        renderBlocks(c.children, ctx, out);
        out.push('</blockquote>');
        return;
      default: {
        // opener, closer, postscript, stanza, front, back, and out-of-place items, rows, cells
        const cls = c.role === 'stanza' ? 'lg' : c.role;
        const type = c.type ? ` ${cls}-${classToken(c.type)}` : '';
        out.push('<div', blockAttrs(c, ctx, cls + type), '>');
        renderHeadingAsLabel(c, ctx, out);
        renderBlocks(c.children, ctx, out);
        out.push('</div>');
      }
    }
  } catch (e) {
    throw asRenderError(e, c);
  }
}

function renderSection(c: Container, ctx: RenderContext, out: string[]): void {
  const type = c.type ? ` div-${classToken(c.type)}` : '';
  const hasHeading = !!c.heading && c.heading.length > 0 && !ctx.inNote;
  const tag = hasHeading ? 'section' : 'div';
  ctx.sectionDepth++;
  out.push('<', tag, blockAttrs(c, ctx, 'div' + type), '>');
  if (hasHeading && c.heading) {
    const level = headingLevel(ctx);
    out.push(`<h${level} class="head">`);
    renderInlines(c.heading, ctx, out);
    out.push(`</h${level}>`);
  } else {
    renderHeadingAsLabel(c, ctx, out);
  }
  renderBlocks(c.children, ctx, out);
  out.push('</', tag, '>');
  ctx.sectionDepth--;
}

/**
 * One level below the enclosing section, but never more than one below the
 * last heading written: TEI nesting is not always regular, and a skipped level
 * confuses screen-reader navigation.
 */
function headingLevel(ctx: RenderContext): number {
  const wanted = 2 + Math.max(1, ctx.sectionDepth);
  const level = Math.min(6, wanted, ctx.lastHeading + 1);
  ctx.lastHeading = level;
  return level;
}

/** A heading where a heading element would be wrong (lists, quotations, notes). */
function renderHeadingAsLabel(c: Container, ctx: RenderContext, out: string[]): void {
  if (!c.heading || c.heading.length === 0) return;
  out.push('<p class="head">');
  renderInlines(c.heading, ctx, out);
  out.push('</p>');
}

function renderList(c: Container, ctx: RenderContext, out: string[]): void {
  renderHeadingAsLabel(c, ctx, out);
  const type = c.type ? ` list-${classToken(c.type)}` : '';
  out.push('<ul', blockAttrs(c, ctx, 'list' + type), '>');
  for (const child of c.children) {
    if (child.kind === 'container' && child.role === 'item') {
      out.push('<li', blockAttrs(child, ctx, 'item'), '>');
      renderHeadingAsLabel(child, ctx, out);
      renderBlocks(child.children, ctx, out);
      out.push('</li>');
    } else {
      out.push('<li>');
      renderBlock(child, ctx, out);
      out.push('</li>');
    }
  }
  out.push('</ul>');
}

function renderTable(c: Container, ctx: RenderContext, out: string[]): void {
  out.push('<table', blockAttrs(c, ctx, 'table'), '>');
  if (c.heading && c.heading.length > 0) {
    out.push('<caption>');
    renderInlines(c.heading, ctx, out);
    out.push('</caption>');
  }
  out.push('<tbody>');
  for (const row of c.children) {
    if (row.kind === 'container' && row.role === 'row') {
      out.push('<tr', blockAttrs(row, ctx, ''), '>');
      for (const cell of row.children) {
        if (cell.kind === 'container' && cell.role === 'cell') {
          out.push('<td', blockAttrs(cell, ctx, ''), '>');
          renderBlocks(cell.children, ctx, out);
        } else {
          out.push('<td>');
          renderBlock(cell, ctx, out);
        }
        out.push('</td>');
      }
      out.push('</tr>');
    } else {
      out.push('<tr><td>');
      renderBlock(row, ctx, out);
      out.push('</td></tr>');
    }
  }
  out.push('</tbody></table>');
}

function asRenderError(e: unknown, block: Block): RenderError {
  if (e instanceof RenderError) return e;
  return new RenderError(`HTML: cannot render a ${block.kind}: ${(e as Error).message}`, block.src);
}

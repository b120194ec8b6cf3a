import type { Block, Inline, Paragraph } from '../../model/types';
import { inlineText, type InlineTextContext } from './inline';
import { displayWidth, squash, wrap } from './wrap';

export const WIDTH = 72;

/**
 * Blocks → lines. Paragraphs are separated by a blank line; the lines of a
 * stanza are not (a poem keeps its shape); headings are underlined, `=` for a
 * top-level section and `-` below; block quotations and list items are indented.
 */
export function blockLines(blocks: readonly Block[], ctx: InlineTextContext): string[] {
  const out: Out = { lines: [], tight: false };
  renderBlocks(blocks, ctx, out, { indent: '', depth: 0 });
  return out.lines;
}

interface Out {
  lines: string[];
  /** The next block continues the previous one without a blank line (verse). */
  tight: boolean;
}

interface Frame {
  indent: string;
  depth: number;
  /** Prefix for the first line of the next paragraph (a list bullet). */
  bullet?: string;
}

function renderBlocks(blocks: readonly Block[], ctx: InlineTextContext, out: Out, frame: Frame): void {
  let f = frame;
  for (const b of blocks) {
    if (b.kind === 'paragraph') renderParagraph(b, ctx, out, f);
    else renderContainer(b, ctx, out, f);
    // A bullet belongs to the first block of its item only.
    if (f.bullet) f = { ...f, bullet: undefined };
  }
}

function renderParagraph(p: Paragraph, ctx: InlineTextContext, out: Out, frame: Frame): void {
  const text = squash(inlineText(p.children, ctx));
  if (text === '') return;
  if (p.role === 'heading') {
    heading(text, frame.depth, out, frame.indent);
    return;
  }
  const verse = p.role === 'verse-line';
  const first = frame.indent + (frame.bullet ?? '');
  const rest = frame.indent + ' '.repeat(displayWidth(frame.bullet ?? '')) + (verse ? '    ' : '');
  push(out, wrap(text, { width: WIDTH, first, rest }), verse && out.tight);
  out.tight = verse;
}

function renderContainer(c: Extract<Block, { kind: 'container' }>, ctx: InlineTextContext, out: Out, frame: Frame): void {
  if (c.heading) {
    const text = squash(inlineText(c.heading, ctx));
    if (text !== '') heading(text, frame.depth, out, frame.indent);
  }
  switch (c.role) {
    case 'section':
    case 'front':
    case 'back':
      renderBlocks(c.children, ctx, out, { ...frame, depth: frame.depth + 1 });
      break;
    case 'quotation':
      renderBlocks(c.children, ctx, out, { ...frame, indent: frame.indent + '    ' });
      break;
    case 'stanza':
      out.tight = false;
      renderBlocks(c.children, ctx, out, frame);
      out.tight = false;
      break;
    case 'list':
      for (const item of c.children) {
        const bullet = '- ';
        if (item.kind === 'container') renderBlocks(item.children, ctx, out, { ...frame, bullet });
        else renderBlocks([item], ctx, out, { ...frame, bullet });
      }
      break;
    case 'table':
      for (const row of c.children) tableRow(row, ctx, out, frame);
      break;
    default:
      renderBlocks(c.children, ctx, out, frame);
  }
}

/** A table row as one paragraph, cells separated by " | ": plain text has no grid worth drawing at 72 columns. */
function tableRow(row: Block, ctx: InlineTextContext, out: Out, frame: Frame): void {
  const cells = row.kind === 'container' ? row.children : [row];
  const texts = cells.map((cell) => squash(blockPlain(cell, ctx))).filter((t) => t !== '');
  if (texts.length === 0) return;
  push(out, wrap(texts.join(' | '), { width: WIDTH, first: frame.indent, rest: frame.indent + '  ' }), false);
  out.tight = false;
}

function blockPlain(b: Block, ctx: InlineTextContext): string {
  if (b.kind === 'paragraph') return inlineText(b.children, ctx);
  const head: Inline[] = b.heading ?? [];
  return [inlineText(head, ctx), ...b.children.map((c) => blockPlain(c, ctx))].join(' ');
}

function heading(text: string, depth: number, out: Out, indent: string): void {
  const lines = wrap(text, { width: WIDTH, first: indent, rest: indent });
  const width = Math.min(WIDTH, Math.max(...lines.map(displayWidth)) - displayWidth(indent));
  push(out, [...lines, indent + (depth <= 1 ? '=' : '-').repeat(Math.max(width, 1))], false);
  out.tight = false;
}

function push(out: Out, lines: string[], tight: boolean): void {
  if (lines.length === 0) return;
  if (out.lines.length > 0 && !tight) out.lines.push('');
  for (const x of lines) out.lines.push(x);
}

import type { Inline } from '../../model/types';
import { unknownKind } from '../../model/walk';

/**
 * Inline nodes → one line of plain text, with the calls of notes `[n]` and of
 * apparatus entries `[an]` where they occur.
 *
 * Signs, chosen to be readable without a key and close to the Leiden
 * conventions readers of editions know: supplied text in [square brackets], a
 * gap as […], a deletion the model shows (diplomatic mode) in ⟦double
 * brackets⟧, an addition shown in diplomatic mode as \added/. Emphasis is not
 * marked: plain text has no italics, and ASCII stand-ins would be mistaken for
 * the source's own characters.
 */
export interface InlineTextContext {
  noteNumber(noteId: string): number | undefined;
  entryNumber(entryId: string): number | undefined;
  /** Mark additions (the diplomatic text shows the writing process; the reading text does not). */
  markAdditions: boolean;
  /** False inside apparatus readings: calls belong to the text only. */
  calls: boolean;
}

export function inlineText(nodes: readonly Inline[], ctx: InlineTextContext): string {
  const out: string[] = [];
  walk(nodes, ctx, out);
  return out.join('');
}

function walk(nodes: readonly Inline[], ctx: InlineTextContext, out: string[]): void {
  for (const node of nodes) {
    switch (node.kind) {
      case 'text':
        out.push(node.text);
        break;
      case 'alternate':
        walk(node.shown === 'edited' ? node.edited : node.transmitted, ctx, out);
        call(ctx.calls ? ctx.entryNumber(node.entry) : undefined, 'a', out);
        break;
      case 'variant': {
        const r = node.readings[node.shown];
        if (r) walk(r.children, ctx, out);
        call(ctx.calls ? ctx.entryNumber(node.entry) : undefined, 'a', out);
        break;
      }
      case 'editorial':
        if (!node.visible) break;
        if (node.type === 'supplied') bracket('[', ']', node.children, ctx, out);
        else if (node.type === 'deleted') bracket('⟦', '⟧', node.children, ctx, out);
        else if (node.type === 'added' && ctx.markAdditions) bracket('\\', '/', node.children, ctx, out);
        else walk(node.children, ctx, out);
        break;
      case 'gap':
        out.push('[…]');
        break;
      case 'lacuna':
        out.push(node.text);
        break;
      case 'noteRef':
        call(ctx.calls ? ctx.noteNumber(node.note) : undefined, '', out);
        break;
      case 'break':
        // Source lineation is not the reading text's; a break only separates words, unless it falls inside one.
        if (!node.joins) out.push(' ');
        break;
      case 'generic':
        // Page furniture, index terms and the like: kept in the model, not read.
        if (!node.hidden) walk(node.children, ctx, out);
        break;
      case 'emphasis':
      case 'title':
      case 'entity':
      case 'quote':
      case 'date':
      case 'citation':
      case 'link':
      case 'foreign':
        walk(node.children, ctx, out);
        break;
      default:
        unknownKind(node);
    }
  }
}

function bracket(open: string, close: string, children: readonly Inline[], ctx: InlineTextContext, out: string[]): void {
  const inner: string[] = [];
  walk(children, ctx, inner);
  // Spaces stay outside the signs: "[ lost]" would read as a lost space.
  const m = /^(\s*)([\s\S]*?)(\s*)$/.exec(inner.join(''));
  if (!m || m[2] === '') {
    if (m) out.push(m[1] + m[3]);
    return;
  }
  out.push(m[1], open, m[2], close, m[3]);
}

function call(n: number | undefined, prefix: string, out: string[]): void {
  if (n !== undefined) out.push(`[${prefix}${n}]`);
}

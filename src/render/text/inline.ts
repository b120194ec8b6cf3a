import { markLetters, signsOf } from '../../model/signs';
import type { Inline, ModelOptions, Sign } from '../../model/types';
import { unknownKind } from '../../model/walk';

/**
 * Inline nodes → one line of plain text, with the calls of notes `[n]` and of
 * apparatus entries `[an]` where they occur.
 *
 * The signs (supplied text in [square brackets], a deletion in ⟦double
 * brackets⟧, …) are the model's (EditorialNode.signs, GapNode.signs); this
 * writer only prints them. Emphasis is not marked: plain text has no italics,
 * and ASCII stand-ins would be mistaken for the source's own characters.
 */
export interface InlineTextContext {
  noteNumber(noteId: string): number | undefined;
  entryNumber(entryId: string): number | undefined;
  /** False inside apparatus readings: calls belong to the text only. */
  calls: boolean;
  /** A combining mark to put after every letter (inside an unclear passage). */
  mark?: string;
  /** The edition's text mode, for the signs of nodes built without them (signsOf); reading when absent. */
  mode?: ModelOptions['mode'];
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
        out.push(ctx.mark ? markLetters(node.text, ctx.mark) : node.text);
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
        if (node.visible) {
          const sign = signsOf(node, ctx.mode ?? 'reading');
          if (sign) bracket(sign, node.children, ctx, out);
          else walk(node.children, ctx, out);
        }
        if (node.entry) call(ctx.calls ? ctx.entryNumber(node.entry) : undefined, 'a', out);
        break;
      case 'gap': {
        const sign = signsOf(node, ctx.mode ?? 'reading')!;
        out.push(sign.open, sign.close);
        if (node.entry) call(ctx.calls ? ctx.entryNumber(node.entry) : undefined, 'a', out);
        break;
      }
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

function bracket(sign: Sign, children: readonly Inline[], ctx: InlineTextContext, out: string[]): void {
  const { open, close } = sign;
  const inner: string[] = [];
  walk(children, sign.mark ? { ...ctx, mark: sign.mark } : ctx, inner);
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

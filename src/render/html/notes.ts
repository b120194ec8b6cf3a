import type { RenderContext } from './context';
import { classToken } from './escape';
import { renderBlocks } from './blocks';

export interface NoteItem {
  id: string;
  label: string;
  type?: string;
  /** The note's blocks as HTML (its anchors are the only copy on the page). */
  html: string;
  backHref?: string;
}

/** Notes, numbered as the model numbered them, each linking back to its call in the text. */
export function noteItems(ctx: RenderContext): NoteItem[] {
  const saved = { place: ctx.place, inNote: ctx.inNote };
  ctx.inNote = true;
  const bodies = ctx.edition.notes.map((note) => {
    const out: string[] = [];
    ctx.place = `n. ${note.label ?? note.n}`;
    renderBlocks(note.children, ctx, out);
    return out.join('');
  });
  ctx.place = saved.place;
  ctx.inNote = saved.inNote;
  // Back-links only after every body is written: a note may hold the call of another.
  return ctx.edition.notes.map((note, i) => {
    const back = ctx.ids.emitted('doc', note.anchor);
    return {
      id: ctx.ids.emit('note', note.id),
      label: note.label ?? String(note.n),
      type: note.type ? classToken(note.type) : undefined,
      html: bodies[i],
      backHref: back ? '#' + back : undefined,
    };
  });
}

import type { EntryView } from '../../model/apparatus/view';
import { isolateText } from '../shared/bidi';
import { squash } from '../shared/plain';
import { inlineText, type InlineTextContext } from './inline';

/**
 * One formatted apparatus entry (src/model/apparatus/view.ts) as a plain
 * string: its parts in order, each content through the text writer's inline
 * stringifier (the one that prints the reading text, so that a sign in a
 * reading is the sign of the text). This is the plain text's apparatus line,
 * and the string the other outputs are tested against.
 */
export function entryText(view: EntryView): string {
  const ctx: InlineTextContext = {
    noteNumber: () => undefined,
    entryNumber: () => undefined,
    mode: view.diplomatic ? 'diplomatic' : 'reading',
    // Calls belong to the text only.
    calls: false,
  };
  return view.parts
    .map((p) => {
      switch (p.kind) {
        case 'content':
          return isolateText(squash(inlineText(p.content, ctx)));
        case 'siglum':
          return p.siglum;
        default:
          return p.text;
      }
    })
    .join('');
}

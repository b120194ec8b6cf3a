import type { Rule } from './rule';
import { closest } from './suggest';
import { apparatusFacts, describeTarget } from './apparatus-spans';

/**
 * A double-end-point app must say where its span is. pointer-unresolved
 * does not read @from/@to (on <date> they are dates), so this rule is the
 * only one to report them. An error: the entry has no lemma and no place,
 * and a witness build cannot apply it.
 */
export const appSpanUnresolved: Rule = {
  id: 'app-span-unresolved',
  severity: 'error',
  description: 'the @from and @to of a double-end-point <app> name an element of the document, and an external span has an end',
  check(ctx) {
    for (const u of apparatusFacts(ctx).spans.unresolved) {
      if (u.problem === 'no-end') {
        ctx.report(u.app, 'this <app> points with @from to an empty <anchor> and has no @to: its span has no end', 'add @to="#…" naming the anchor (or element) where the span ends, or point @from to the element that is the lemma');
        continue;
      }
      if (u.problem === 'inside-app') {
        ctx.report(u.app, `this <app> points into itself (to the ${describeTarget(u.target)}): its span must be in the text`, 'point @from/@to to anchors or elements of the text that the entry is about');
        continue;
      }
      const name = u.attr.name;
      const at = ctx.index.valuePosition(u.attr, u.offset);
      if (u.token === '') {
        ctx.report(u.attr, `@${name} of this <app> is empty: the span has no ${name === 'from' ? 'start' : 'end'}`, `write ${name}="#…" with the xml:id of the anchor or element where the span ${name === 'from' ? 'begins' : 'ends'}`);
        continue;
      }
      const hash = u.token.indexOf('#');
      const id = hash >= 0 ? u.token.slice(hash + 1) : '';
      if (hash > 0 || id === '') {
        ctx.report(at, `@${name}="${u.token}" of this <app> does not point into this document: a span can only be read in the text it belongs to`, `write ${name}="#…" with the xml:id of an anchor or element of this document`);
        continue;
      }
      const near = closest(id, ctx.ids.keys());
      const target = near === undefined ? undefined : ctx.ids.get(near);
      ctx.report(
        at,
        `@${name}="${u.token}" of this <app> points to nothing: no element has xml:id="${id}"`,
        target ? `did you mean "#${near}" (the ${describeTarget(target)})?` : `put <anchor xml:id="${id}"/> where the span ${name === 'from' ? 'begins' : 'ends'}, or correct the pointer`,
      );
    }
  },
};

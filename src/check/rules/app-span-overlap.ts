import type { Rule } from './rule';
import { squash } from '../../model/apparatus/spans';
import { apparatusFacts, lineOfNode } from './apparatus-spans';

/**
 * Two spans that share words without one holding the other (EVT's open bug
 * #273): the base text and both entries print, but no witness text can be
 * made from them (a witness's reading for one would replace half of the
 * other's lemma). An error, because a --witness build would silently print a
 * wrong text; a project that never builds witness texts can lower it.
 */
export const appSpanOverlap: Rule = {
  id: 'app-span-overlap',
  severity: 'error',
  description: 'the spans of double-end-point apps nest or follow each other; they do not share words while each also has words of its own',
  check(ctx) {
    // offsets is read only when there is a span: building it costs a walk of the whole tree.
    const analysis = apparatusFacts(ctx).spans;
    const spans = analysis.spans;
    // Sorted by start: a span can only overlap the still-open spans that started before it.
    const open: typeof spans = [];
    for (const sp of spans) {
      for (let i = open.length - 1; i >= 0; i--) if (open[i].e <= sp.s) open.splice(i, 1);
      for (const o of open) {
        if (!(o.s < sp.s && sp.s < o.e && o.e < sp.e)) continue;
        const shared = squash(analysis.offsets.text(sp.s, o.e));
        if (shared === '') continue;
        ctx.report(
          sp.app,
          `the span of this <app> and the span of the <app> on line ${lineOfNode(o.app)} overlap: they share "${shared.length > 40 ? `${shared.slice(0, 39)}…` : shared}" but neither holds the other`,
          'make the spans nest (one inside the other) or meet without sharing words, e.g. split one entry in two: a witness text cannot be made from overlapping readings',
        );
      }
      open.push(sp);
    }
  },
};

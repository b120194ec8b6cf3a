import type { Rule } from './rule';
import { apparatusFacts, lineOfNode } from './apparatus-spans';

/** An error: a span whose end comes before its start covers nothing, and its entry has no place in the text. */
export const appSpanBackwards: Rule = {
  id: 'app-span-backwards',
  severity: 'error',
  description: 'the @to of a double-end-point <app> comes after its @from in the document',
  check(ctx) {
    for (const sp of apparatusFacts(ctx).spans.backwards) {
      const to = sp.to;
      if (!to) {
        // An internal app with @from alone spans from its anchor to itself: the anchor must come first.
        ctx.report(sp.app.getAttributeNode('from') ?? sp.app, `the span of this <app> runs backwards: its @from (the <${sp.from.localName}> on line ${lineOfNode(sp.from)}) comes after the <app> itself`, 'put the <app> after the words it is about, or give it a @to');
        continue;
      }
      ctx.report(
        sp.app.getAttributeNode('to') ?? sp.app,
        `the span of this <app> runs backwards: @to (the <${to.localName}> on line ${lineOfNode(to)}) comes before @from (the <${sp.from.localName}> on line ${lineOfNode(sp.from)})`,
        'swap the values of @from and @to',
      );
    }
  },
};

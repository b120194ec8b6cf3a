import type { Rule } from './rule';
import { lemmaText, squash } from '../../model/apparatus/spans';
import { apparatusFacts } from './apparatus-spans';
import { isTei } from './tei';

/**
 * A double-end-point app's own <lem> that says something else than the text
 * it points to. The build keeps the text (it is what was transcribed) and
 * the lem's attributes: a warning, since the edition prints, but one of the
 * two is a mistake.
 */
export const appSpanLemmaDiffers: Rule = {
  id: 'app-span-lemma-differs',
  severity: 'warning',
  description: 'the <lem> of a double-end-point <app>, when it has words, has the words of the span it points to',
  check(ctx) {
    // offsets is read only when there is a span: building it costs a walk of the whole tree.
    const analysis = apparatusFacts(ctx).spans;
    const spans = analysis.spans;
    for (const sp of spans) {
      let lem: Element | undefined;
      for (let c = sp.app.firstChild; c && !lem; c = c.nextSibling) if (isTei(c, 'lem')) lem = c as Element;
      if (!lem) continue;
      const own = lemmaText(lem);
      const span = squash(analysis.offsets.text(sp.s, sp.e));
      if (own === '' || own === span) continue;
      ctx.report(lem, `this <lem> reads "${own}" but the span it stands for reads "${span}": the text's words are printed`, 'correct the <lem> (or leave it empty: <lem wit="…"/>), or move @from/@to to the words meant');
    }
  },
};

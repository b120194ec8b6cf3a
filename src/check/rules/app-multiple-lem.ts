import type { Rule } from './rule';
import { childElements, isTei, lineOf } from './tei';

/** The lem elements of one app: its own and those of its rdgGrp, not those of apps nested in a reading. */
export function lemsOf(app: Element): Element[] {
  const out: Element[] = [];
  const visit = (el: Element): void => {
    for (const c of childElements(el)) {
      if (isTei(c, 'lem')) out.push(c);
      else if (isTei(c, 'rdgGrp')) visit(c);
    }
  };
  visit(app);
  return out;
}

export const appMultipleLem: Rule = {
  id: 'app-multiple-lem',
  severity: 'error',
  description: 'an <app> has at most one <lem> (counting those inside <rdgGrp>)',
  check(ctx) {
    for (const app of ctx.index.elements('app')) {
      const lems = lemsOf(app);
      for (const extra of lems.slice(1)) {
        ctx.report(
          extra,
          `this <app> already has a <lem> (line ${lineOf(lems[0])}): an apparatus entry has one lemma`,
          'make the other readings <rdg>; if no reading is preferred, use <rdg> for all of them',
        );
      }
    }
  },
};

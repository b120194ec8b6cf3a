import type { Rule } from './rule';
import { isEmptyContent } from './tei';

export const appEmptyReading: Rule = {
  id: 'app-empty-reading',
  severity: 'warning',
  description: 'an empty <rdg> says why it is empty (@cause or @type, e.g. cause="omission")',
  check(ctx) {
    for (const rdg of ctx.index.elements('rdg')) {
      if (rdg.hasAttribute('cause') || rdg.hasAttribute('type') || !isEmptyContent(rdg)) continue;
      const wit = rdg.getAttribute('wit')?.trim();
      const who = wit ? `<rdg wit="${wit}">` : '<rdg>';
      ctx.report(
        rdg,
        `${who} is empty and does not say why: is it an omission${wit ? ` in ${wit}` : ''}?`,
        'if the witness omits the lemma, add cause="omission"; otherwise give the reading\'s text (or <gap/> for illegible text)',
      );
    }
  },
};

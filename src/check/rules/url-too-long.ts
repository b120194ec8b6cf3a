import { PDF_MAX_URL, safeUrl } from '../../model/urls';
import type { Rule } from './rule';

/** Elements whose @target becomes a link: ref and ptr in the text, licence in the header. */
const LINKED = ['ref', 'ptr', 'licence'];

export const urlTooLong: Rule = {
  id: 'url-too-long',
  severity: 'warning',
  description: `a link's address fits in a PDF link (at most ${PDF_MAX_URL} characters, Typst's limit): a longer one is kept as text without the link`,
  check(ctx) {
    for (const name of LINKED) {
      for (const el of ctx.index.elements(name)) {
        const attr = el.getAttributeNode('target');
        // As the model reads it: the first address of @target, when it is one a page may link to.
        const href = safeUrl(attr?.value.trim().split(/\s+/)[0]);
        if (!attr || !href || href.length <= PDF_MAX_URL || !/^(https?:|mailto:)/i.test(href)) continue;
        ctx.report(
          attr,
          `@target on <${name}> is ${href.length} characters long: the PDF shows its text without the link (a PDF link holds at most ${PDF_MAX_URL})`,
          'shorten the address: a DOI, a permalink, or the page without its query',
        );
      }
    }
  },
};

import type { Rule } from './rule';
import { childElements, isTei } from './tei';

/** The original-side element of each pair, and its editorial counterpart. */
const PARTNER: Record<string, string> = { sic: 'corr', orig: 'reg', abbr: 'expan', am: 'ex' };
const ORIGINAL_OF: Record<string, string> = { corr: 'sic', reg: 'orig', expan: 'abbr', ex: 'am' };

export const choicePair: Rule = {
  id: 'choice-pair',
  severity: 'error',
  description: 'a <choice> pairs <sic> with <corr>, <orig> with <reg>, <abbr> with <expan> (several alternative corrections are fine; a lone or mismatched element is not)',
  check(ctx) {
    for (const choice of ctx.index.elements('choice')) {
      const problem = judge(childElements(choice).filter((c) => isTei(c)));
      if (problem) ctx.report(choice, problem.message, problem.hint);
    }
  },
};

function judge(children: Element[]): { message: string; hint: string } | undefined {
  // Other children (seg, unclear, supplied, a nested choice) are alternatives on their own
  // terms and are not judged here; only the pairs are.
  const counts = new Map<string, number>();
  for (const c of children) if (Object.hasOwn(PARTNER, c.localName) || Object.hasOwn(ORIGINAL_OF, c.localName)) counts.set(c.localName, (counts.get(c.localName) ?? 0) + 1);
  const originals = Object.keys(PARTNER).filter((n) => counts.has(n));
  const editorial = Object.keys(ORIGINAL_OF).filter((n) => counts.has(n));
  const names = (ns: string[]): string => ns.map((n) => `<${n}>`).join(' and ');

  if (children.length === 0) return { message: '<choice> is empty', hint: 'a <choice> holds alternatives, e.g. <sic>…</sic><corr>…</corr>; remove it if there is nothing to choose' };
  if (children.length === 1) {
    const only = children[0].localName;
    const partner = PARTNER[only] ?? ORIGINAL_OF[only];
    return {
      message: `<choice> holds only a <${only}>: there is nothing to choose between`,
      hint: partner ? `add the <${partner}> it pairs with, or remove the <choice>` : 'add the alternative, or remove the <choice>',
    };
  }
  if (originals.length > 1) {
    return { message: `<choice> mixes ${names(originals)}: one <choice> records one kind of intervention`, hint: 'pair <sic> with <corr>, <orig> with <reg>, <abbr> with <expan>; nest a second <choice> if two interventions overlap' };
  }
  if (originals.length === 1) {
    const o = originals[0];
    const n = counts.get(o) ?? 0;
    if (n > 1) return { message: `<choice> has ${n} <${o}> elements: it records one original and its alternatives`, hint: `keep one <${o}>; several <${PARTNER[o]}> may give alternative ${PARTNER[o] === 'corr' ? 'corrections' : 'forms'}` };
    const wrong = editorial.filter((e) => e !== PARTNER[o]);
    if (wrong.length > 0) {
      const w = wrong[0];
      return {
        message: `<choice> pairs <${o}> with <${w}>: <${o}> goes with <${PARTNER[o]}>, and <${w}> with <${ORIGINAL_OF[w]}>`,
        hint: `write <${PARTNER[o]}> for the ${o === 'sic' ? 'correction' : o === 'orig' ? 'regularised form' : 'expansion'}, or <${ORIGINAL_OF[w]}> for the original`,
      };
    }
    if (!editorial.includes(PARTNER[o])) {
      return { message: `<choice> has a <${o}> but no <${PARTNER[o]}>`, hint: `add the <${PARTNER[o]}> that pairs with the <${o}>` };
    }
    return undefined;
  }
  // No original: several editorial alternatives of one kind are fine (alternative corrections).
  if (editorial.length > 1) {
    return { message: `<choice> mixes ${names(editorial)} without an original`, hint: 'pair each with its original (<sic>/<corr>, <orig>/<reg>, <abbr>/<expan>), one pair per <choice>' };
  }
  return undefined;
}

import type { SourceRef } from '../../model/types';
import { typesetFails, type PdfBudget } from './typst-host';
import type { PBlock, Payload } from './data';

/** Enough to find a block among thousands (2^12) at a few levels of nesting, yet bounded on a broken template. */
const MAX_PROBES = 40;

/**
 * When Typst fails without naming a node, find the smallest block whose data
 * makes it fail: bisect over the blocks' prefixes, then descend into the
 * culprit's children. Only run after a failure, so its cost (a few small
 * compilations) is paid only when there is something to report.
 */
export async function locateFailure(template: string, payload: Payload, budget: PdfBudget): Promise<SourceRef | undefined> {
  let probes = 0;
  const fails = (blocks: PBlock[]): Promise<boolean> => {
    probes++;
    return typesetFails(template, JSON.stringify({ ...payload, blocks }), budget);
  };
  if (await fails([])) return undefined; // The template fails on its own: no TEI element to blame.
  let list = payload.blocks;
  let culprit: PBlock | undefined;
  while (list.length > 0 && probes < MAX_PROBES) {
    // Invariant: the whole list fails (true at the top: the caller saw it fail).
    let lo = 1;
    let hi = list.length;
    while (lo < hi && probes < MAX_PROBES) {
      const mid = (lo + hi) >> 1;
      if (await fails(list.slice(0, mid))) hi = mid;
      else lo = mid + 1;
    }
    const found = list[lo - 1];
    culprit = found;
    if (found.k !== 'sec' || found.c.length === 0 || !(await fails(found.c))) break;
    list = found.c;
  }
  return culprit?.s !== undefined ? payload.src[culprit.s] : firstSrc(culprit, payload);
}

function firstSrc(b: PBlock | undefined, payload: Payload): SourceRef | undefined {
  if (!b) return undefined;
  if (b.s !== undefined) return payload.src[b.s];
  if (b.k === 'sec') for (const c of b.c) {
    const s = firstSrc(c, payload);
    if (s) return s;
  }
  return undefined;
}

import { boundedDistance } from './suggest';

/** The `n` ids nearest to `word` by edit distance (ties alphabetical): a hint when a register has no such id. */
export function nearestIds(word: string, candidates: readonly string[], n: number): string[] {
  const bound = Math.max(word.length, 8);
  return candidates
    .map((c) => ({ c, d: c.toLowerCase() === word.toLowerCase() ? 0 : boundedDistance(word, c, bound) }))
    .filter((x) => x.d <= bound)
    .sort((a, b) => a.d - b.d || (a.c < b.c ? -1 : a.c > b.c ? 1 : 0))
    .slice(0, n)
    .map((x) => x.c);
}

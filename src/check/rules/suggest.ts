/**
 * "Did you mean" for misspelt ids. Documents can hold tens of thousands of ids,
 * so the distance is bounded: candidates whose length differs by more than the
 * bound are skipped, and a row whose minimum exceeds the bound stops early.
 */

/** Levenshtein distance, or `max + 1` as soon as it is known to exceed `max`. */
export function boundedDistance(a: string, b: string, max: number): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  if (a === b) return 0;
  let prev = new Array<number>(b.length + 1);
  let cur = new Array<number>(b.length + 1);
  for (let j = 0; j <= b.length; j++) prev[j] = j;
  for (let i = 1; i <= a.length; i++) {
    cur[0] = i;
    let rowMin = cur[0];
    for (let j = 1; j <= b.length; j++) {
      const cost = a.charCodeAt(i - 1) === b.charCodeAt(j - 1) ? 0 : 1;
      cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost);
      if (cur[j] < rowMin) rowMin = cur[j];
    }
    if (rowMin > max) return max + 1;
    [prev, cur] = [cur, prev];
  }
  return prev[b.length];
}

/**
 * The candidate closest to `word`, if it is close enough to be a plausible typo:
 * at most a third of the word's length (at most 3 edits), so that short sigla
 * (A, B, Z) are not "corrected" into each other. A case-only difference always counts.
 */
export function closest(word: string, candidates: Iterable<string>): string | undefined {
  const max = Math.min(3, Math.floor(word.length / 3));
  const lower = word.toLowerCase();
  let best: string | undefined;
  let bestD = max + 1;
  for (const c of candidates) {
    if (c === word) continue;
    if (c.toLowerCase() === lower) return c;
    const d = boundedDistance(word, c, max);
    // Ties go to the alphabetically first candidate, so the hint does not depend on document order.
    if (d < bestD || (d === bestD && best !== undefined && c < best)) {
      best = c;
      bestD = d;
    }
  }
  return bestD <= max ? best : undefined;
}

/** "#A, #B and #C" (or the first few and a count). */
export function listPointers(ids: readonly string[], limit = 8): string {
  const shown = ids.slice(0, limit).map((i) => `#${i}`);
  if (ids.length > limit) return `${shown.join(', ')} and ${ids.length - limit} more`;
  if (shown.length <= 1) return shown.join('');
  return `${shown.slice(0, -1).join(', ')} and ${shown[shown.length - 1]}`;
}

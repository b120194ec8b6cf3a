/**
 * Consecutive runs of items, each at most `maxItems` long and about
 * `maxBytes` in all (an item larger than that is a run of its own), in their
 * order. Pure and dependency-free: `validate`'s batches (check/validate.ts)
 * and the chunks its worker threads are handed (cli/validate-pool.ts, which
 * must not load the checks) are cut the same way.
 */
export function runsBySize<T>(items: readonly T[], sizes: readonly number[], maxItems: number, maxBytes: number): T[][] {
  const out: T[][] = [];
  let cur: T[] = [];
  let bytes = 0;
  items.forEach((item, i) => {
    if (cur.length > 0 && (cur.length >= maxItems || bytes + sizes[i] > maxBytes)) {
      out.push(cur);
      cur = [];
      bytes = 0;
    }
    cur.push(item);
    bytes += sizes[i];
  });
  if (cur.length > 0) out.push(cur);
  return out;
}

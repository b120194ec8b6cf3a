/**
 * How a corpus is cut into batches: every document once, in input order
 * within a batch; small first batches; and, with several workers, the
 * batches handed out together share their documents out in turn, so that
 * in-order commits follow every worker closely.
 */
import { cutBatches } from '../../src/publish/corpus';

const letters = (n: number, bytes = 40_000): { index: number; bytes: number }[] => Array.from({ length: n }, (_, index) => ({ index, bytes }));
const indices = (batches: { index: number }[][]): number[][] => batches.map((b) => b.map((i) => i.index));

describe('cutting a corpus into batches', () => {
  test('every document exactly once, ascending within each batch, none over 64', () => {
    for (const jobs of [1, 2, 3]) {
      const batches = indices(cutBatches(letters(1000), jobs, true));
      expect(batches.flat().sort((a, b) => a - b)).toEqual([...Array(1000).keys()]);
      for (const b of batches) {
        expect(b).toEqual([...b].sort((x, y) => x - y));
        expect(b.length).toBeLessThanOrEqual(64);
      }
    }
  });

  test('one worker: consecutive runs, a small first one (the first results come within seconds)', () => {
    const batches = indices(cutBatches(letters(200), 1, true));
    expect(batches[0]).toEqual([...Array(16).keys()]);
    expect(batches[1]).toEqual([...Array(64).keys()].map((i) => i + 16));
    // A user's grammar may compile as slowly as tei_all: no small first batch then.
    expect(indices(cutBatches(letters(200), 1, false))[0]).toHaveLength(64);
  });

  test('two workers: small first batches, and the documents of batches handed out together dealt in turn', () => {
    const batches = indices(cutBatches(letters(1000), 2, true));
    expect(batches[0]).toEqual([0, 2, 4, 6, 8, 10, 12, 14, 16, 18, 20, 22, 24, 26, 28, 30]);
    expect(batches[1]).toEqual([1, 3, 5, 7, 9, 11, 13, 15, 17, 19, 21, 23, 25, 27, 29, 31]);
    expect(batches[2][0]).toBe(32);
    expect(batches[3][0]).toBe(33);
    expect(batches[2][1] - batches[2][0]).toBe(2);
  });

  test('large documents are not dealt into a batch with more text than a batch may hold', () => {
    // Two 5 MB documents side by side: dealing them in turn would put both (10 MB) in one batch.
    const items = [...letters(2), { index: 2, bytes: 5 * 1024 * 1024 }, { index: 3, bytes: 5 * 1024 * 1024 }, ...letters(2).map((l) => ({ ...l, index: l.index + 4 }))];
    for (const b of cutBatches(items, 2, false)) {
      const bytes = b.reduce((n, i) => n + i.bytes, 0);
      expect(b.length === 1 || bytes <= 8 * 1024 * 1024).toBe(true);
    }
  });
});

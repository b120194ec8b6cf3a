/**
 * How `edition validate` spreads its work (src/cli/validate-shape.ts,
 * src/cli/validate-pool.ts): the choice of shape and the chunks handed to the
 * workers, as pure functions. The runs themselves are compared in
 * test/hardening/validate-threads.test.ts.
 */
import { BYTES_PER_WORKER, IN_THREAD_BYTES, ONE_DOCUMENT_IN_THREAD_BYTES, validationShape } from '../../src/cli/validate-shape';
import { chunksFor } from '../../src/cli/validate-pool';

const KB = 1024;

describe('validationShape', () => {
  test('little to do: the main thread, whatever --jobs says', () => {
    expect(validationShape([40 * KB], undefined, 2, true)).toEqual({ kind: 'in-thread' });
    expect(validationShape([40 * KB, 40 * KB], 2, 2, true)).toEqual({ kind: 'in-thread' });
    expect(validationShape([40 * KB, 40 * KB, 40 * KB], undefined, 8, true)).toEqual({ kind: 'in-thread' });
    expect(validationShape([IN_THREAD_BYTES], undefined, 2, true)).toEqual({ kind: 'in-thread' });
    expect(validationShape([], undefined, 2, true)).toEqual({ kind: 'in-thread' });
  });

  test('without the compiled worker: the main thread, whatever the size', () => {
    expect(validationShape([50 * 1024 * KB], undefined, 2, false)).toEqual({ kind: 'in-thread' });
  });

  test('one document up to ONE_DOCUMENT_IN_THREAD_BYTES: the main thread (a worker would not make it faster)', () => {
    expect(validationShape([IN_THREAD_BYTES + 1], undefined, 2, true)).toEqual({ kind: 'in-thread', largeDocument: true });
    expect(validationShape([4 * 1024 * KB], undefined, 8, true)).toEqual({ kind: 'in-thread', largeDocument: true });
    expect(validationShape([ONE_DOCUMENT_IN_THREAD_BYTES], 2, 2, true)).toEqual({ kind: 'in-thread', largeDocument: true });
  });

  test('one larger document: one worker, so that Ctrl-C answers during its parse', () => {
    expect(validationShape([ONE_DOCUMENT_IN_THREAD_BYTES + 1], undefined, 2, true)).toEqual({ kind: 'workers', workers: 1 });
    expect(validationShape([33 * 1024 * KB], undefined, 8, true)).toEqual({ kind: 'workers', workers: 1 });
  });

  test('two documents over IN_THREAD_BYTES together: workers, however small each is', () => {
    expect(validationShape([200 * KB, 200 * KB], undefined, 2, true)).toEqual({ kind: 'workers', workers: 1 });
  });

  test('by default, many documents: a worker per BYTES_PER_WORKER of input, up to the cores, never more than files', () => {
    const letters = new Array(1000).fill(40 * KB);
    expect(validationShape(letters, undefined, 2, true)).toEqual({ kind: 'workers', workers: 2 });
    expect(validationShape(letters, undefined, 8, true)).toEqual({ kind: 'workers', workers: 4 });
    expect(validationShape(letters, undefined, 1, true)).toEqual({ kind: 'workers', workers: 1 });
    // 2.4 MB: a second worker would not repay its start-up.
    expect(validationShape(new Array(60).fill(40 * KB), undefined, 8, true)).toEqual({ kind: 'workers', workers: 1 });
    expect(validationShape([BYTES_PER_WORKER, BYTES_PER_WORKER, BYTES_PER_WORKER], undefined, 2, true)).toEqual({ kind: 'workers', workers: 2 });
    expect(validationShape([3 * BYTES_PER_WORKER], undefined, 8, true)).toEqual({ kind: 'workers', workers: 1 });
  });

  test('--jobs: that many workers, whatever the size, never more than files', () => {
    expect(validationShape(new Array(10).fill(40 * KB), 3, 2, true)).toEqual({ kind: 'workers', workers: 3 });
    expect(validationShape(new Array(10).fill(40 * KB), 1, 2, true)).toEqual({ kind: 'workers', workers: 1 });
    expect(validationShape([300 * KB, 300 * KB], 8, 2, true)).toEqual({ kind: 'workers', workers: 2 });
  });
});

describe('chunksFor', () => {
  test('one worker: one chunk of every file, in order', () => {
    expect(chunksFor([10, 20, 30], 1)).toEqual([[0, 1, 2]]);
    expect(chunksFor([], 1)).toEqual([]);
  });

  test('several workers: consecutive chunks of at most 16 files, covering every file once, in order', () => {
    const chunks = chunksFor(new Array(40).fill(40 * KB), 2);
    expect(chunks.map((c) => c.length)).toEqual([16, 16, 8]);
    expect(chunks.flat()).toEqual([...Array(40).keys()]);
  });

  test('a chunk holds about 1 MiB at most; a larger file is a chunk of its own', () => {
    const sizes = [600 * KB, 600 * KB, 3 * 1024 * KB, 10 * KB, 10 * KB];
    expect(chunksFor(sizes, 2)).toEqual([[0], [1], [2], [3, 4]]);
  });
});

/**
 * How `edition validate` spreads its work (src/cli/validate-shape.ts,
 * src/cli/validate-pool.ts): the choice of shape and the chunks handed to the
 * workers, as pure functions. The runs themselves are compared in
 * test/hardening/validate-threads.test.ts.
 */
import { IN_THREAD_BYTES, validationShape } from '../../src/cli/validate-shape';
import { chunksFor } from '../../src/cli/validate-pool';

const KB = 1024;

describe('validationShape', () => {
  test('little to do: the main thread, whatever --jobs says', () => {
    expect(validationShape([40 * KB], 2, true)).toEqual({ kind: 'in-thread' });
    expect(validationShape([40 * KB, 40 * KB, 40 * KB], 8, true)).toEqual({ kind: 'in-thread' });
    expect(validationShape([IN_THREAD_BYTES], 2, true)).toEqual({ kind: 'in-thread' });
    expect(validationShape([], 2, true)).toEqual({ kind: 'in-thread' });
  });

  test('without the compiled worker: the main thread, whatever the size', () => {
    expect(validationShape([50 * 1024 * KB], 2, false)).toEqual({ kind: 'in-thread' });
  });

  test('one large document: one worker, so that Ctrl-C answers during its parse', () => {
    expect(validationShape([IN_THREAD_BYTES + 1], 2, true)).toEqual({ kind: 'workers', workers: 1 });
    expect(validationShape([4 * 1024 * KB], 8, true)).toEqual({ kind: 'workers', workers: 1 });
  });

  test('many documents: as many workers as --jobs, never more than files, nor than one per IN_THREAD_BYTES', () => {
    const letters = new Array(1000).fill(40 * KB);
    expect(validationShape(letters, 2, true)).toEqual({ kind: 'workers', workers: 2 });
    expect(validationShape(letters, 1, true)).toEqual({ kind: 'workers', workers: 1 });
    expect(validationShape([200 * KB, 200 * KB], 8, true)).toEqual({ kind: 'workers', workers: 2 });
    expect(validationShape(new Array(10).fill(30 * KB), 8, true)).toEqual({ kind: 'workers', workers: 2 });
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

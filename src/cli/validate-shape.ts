/**
 * How `edition validate` spreads its work: in the main thread, or over worker
 * threads. A pure function of the input sizes, so that the choice is tested
 * without starting anything.
 *
 * - Little to do (all inputs together under IN_THREAD_BYTES): the main thread
 *   validates. A worker would load every module a second time (~0.13 s, a
 *   quarter of a one-letter run) while this thread idles. Signals are then
 *   answered between documents, and a document under the bound takes well
 *   under half a second whatever the layers (a 256 KB document: ~0.3 s), so
 *   Ctrl-C still answers at once to a person. The bound is the one `build`
 *   uses to keep a single document in its own thread (publish/corpus.ts).
 * - More: worker threads, so that the main thread stays free to answer
 *   Ctrl-C at once, even in the middle of a large document's synchronous
 *   parse. As many as there are cores (or --jobs), never more than there are
 *   files, and one per IN_THREAD_BYTES of input at most: a worker costs a
 *   module load, which a few small files do not repay.
 */
export const IN_THREAD_BYTES = 256 * 1024;

export type ValidationShape = { kind: 'in-thread' } | { kind: 'workers'; workers: number };

/**
 * `sizes`: the inputs' sizes in bytes (0 for one that cannot be stat'ed: it
 * fails in validation, with its diagnostic). `jobs`: the most worker threads
 * to use. `workersAvailable`: false where the compiled worker script is
 * absent (under ts-jest), which leaves only the main thread.
 */
export function validationShape(sizes: readonly number[], jobs: number, workersAvailable: boolean): ValidationShape {
  const total = sizes.reduce((a, b) => a + b, 0);
  if (!workersAvailable || total <= IN_THREAD_BYTES) return { kind: 'in-thread' };
  const workers = Math.max(1, Math.min(jobs, sizes.length, Math.ceil(total / IN_THREAD_BYTES)));
  return { kind: 'workers', workers };
}

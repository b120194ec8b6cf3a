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
 * - One document under ONE_DOCUMENT_IN_THREAD_BYTES: the main thread too. A
 *   worker cannot make one document faster; it only lets Ctrl-C answer in
 *   the middle of it, and costs its own isolate (~12 MiB, which put a 3 MB
 *   document above jing's peak memory). Under the bound a document takes
 *   about a second at most whatever the layers (the 4 MiB novel of the
 *   benchmarks: 1.0–1.2 s in all), and Ctrl-C answers after it.
 * - More: worker threads, so that the main thread stays free to answer
 *   Ctrl-C at once, even in the middle of a large document's synchronous
 *   parse. As many as --jobs says; by default one (with a Schematron thread
 *   beside it where a schema needs SaxonJS, see cli/validate.ts), and
 *   one more per BYTES_PER_WORKER of input, up to the cores; never more
 *   than there are files. A second worker loads every module and warms up
 *   its own compiled code, repaid only by enough input. On this 2-core
 *   machine, with Schematron run natively: 50 letters (2 MB) 0.70 s with one
 *   worker against 0.78 s with two, 200 letters (8 MB) 1.47 s against 1.37 s,
 *   1,000 letters 5.8 s against 4.4 s (docs/validate-process.md).
 */
export const IN_THREAD_BYTES = 256 * 1024;
export const ONE_DOCUMENT_IN_THREAD_BYTES = 5 * 1024 * 1024;
export const BYTES_PER_WORKER = 8 * 1024 * 1024;

/** `largeDocument`: the main thread holds one document over IN_THREAD_BYTES (cli/validate.ts keeps V8's young generation small for it). */
export type ValidationShape = { kind: 'in-thread'; largeDocument?: true } | { kind: 'workers'; workers: number };

/**
 * `sizes`: the inputs' sizes in bytes (0 for one that cannot be stat'ed: it
 * fails in validation, with its diagnostic). `jobs`: --jobs, the number of
 * workers asked for (never more than there are files), else undefined: as
 * many as the input repays, up to `cores`. `workersAvailable`: false where
 * the compiled worker script is absent (under ts-jest), which leaves only the
 * main thread.
 */
export function validationShape(sizes: readonly number[], jobs: number | undefined, cores: number, workersAvailable: boolean): ValidationShape {
  const total = sizes.reduce((a, b) => a + b, 0);
  if (!workersAvailable || total <= IN_THREAD_BYTES) return { kind: 'in-thread' };
  if (sizes.length === 1 && total <= ONE_DOCUMENT_IN_THREAD_BYTES) return { kind: 'in-thread', largeDocument: true };
  const wanted = jobs ?? Math.min(cores, Math.floor(total / BYTES_PER_WORKER));
  return { kind: 'workers', workers: Math.max(1, Math.min(wanted, sizes.length)) };
}

/**
 * A build worker thread. It compiles what a build compiles (Schematron,
 * templates) once, when its first batch needs it, and keeps it for every
 * later batch: the module caches in validate.ts and templates.ts are per
 * thread. Its Typst process (with the fonts loaded) is reused the same way
 * (pdf/typst-host.ts).
 */
import { parentPort, workerData } from 'node:worker_threads';
import { SchemaError } from '../check/relaxng';
import { processBatch } from './document';
import type { FromWorker, ToWorker } from './pool';
import type { BuildSettings } from './settings';
import { observeTypstChildren } from '../render/pdf/typst-host';

const settings = workerData as BuildSettings;
const port = parentPort;
if (!port) throw new Error('build worker started outside a worker thread');

// Signals reach the main thread only: it must know our Typst processes to kill them on Ctrl-C.
observeTypstChildren((pid) => {
  port.postMessage({ type: 'child', pid, alive: true } satisfies FromWorker);
  return () => port.postMessage({ type: 'child', pid, alive: false } satisfies FromWorker);
});

port.on('message', (msg: ToWorker) => {
  void (async () => {
    try {
      const times = await processBatch(msg.items, settings, (outcome) => port.postMessage({ type: 'outcome', outcome } satisfies FromWorker));
      port.postMessage({ type: 'done', times } satisfies FromWorker);
    } catch (e) {
      const err = e instanceof Error ? e : new Error(String(e));
      port.postMessage({ type: 'fatal', schema: e instanceof SchemaError, message: err.message, stack: err.stack } satisfies FromWorker);
    }
  })();
});

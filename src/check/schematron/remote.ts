/**
 * The validating thread's side of the Schematron thread (thread.ts):
 * start it first, send each document's text, locate what comes back.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { SchemaError } from '../relaxng';
import type { SchematronReply, SchematronRequest, SchematronThreadData } from './thread';
import type { UnlocatedFinding } from './locate';

const THREAD_SCRIPT = path.join(__dirname, 'thread.js');

export interface SchematronThread {
  run(file: string, text: string): Promise<UnlocatedFinding[]>;
  /** Resolves once the schemas are loaded; rejects (SchemaError) when one cannot be read, even if no document was sent. */
  ready: Promise<void>;
  close(): Promise<void>;
}

/** Undefined where the compiled thread script is absent (under ts-jest): the caller then runs Schematron in its own thread. */
export function startSchematronThread(files: readonly string[]): SchematronThread | undefined {
  if (!existsSync(THREAD_SCRIPT)) return undefined;
  const worker = new Worker(THREAD_SCRIPT, { workerData: { files: [...files] } satisfies SchematronThreadData });
  // The validation ends with the process, not with this thread.
  worker.unref();
  const waiting = new Map<number, { resolve: (f: UnlocatedFinding[]) => void; reject: (e: Error) => void }>();
  let broken: Error | undefined;
  let loaded: () => void = () => undefined;
  let refused: (e: Error) => void = () => undefined;
  const ready = new Promise<void>((resolve, reject) => {
    loaded = resolve;
    refused = reject;
  });
  // Awaited by whoever needs it; not a crash when nobody does.
  ready.catch(() => undefined);
  const fail = (e: Error): void => {
    broken ??= e;
    refused(broken);
    for (const w of waiting.values()) w.reject(broken);
    waiting.clear();
  };
  worker.on('message', (reply: SchematronReply) => {
    if (reply.type === 'ready') return loaded();
    if (reply.type === 'unreadable') return fail(new SchemaError(reply.message));
    const w = waiting.get(reply.id);
    if (!w) return;
    waiting.delete(reply.id);
    if (reply.type === 'done') w.resolve(reply.found);
    else {
      const err = new Error(reply.message);
      if (reply.stack) err.stack = reply.stack;
      w.reject(err);
    }
  });
  worker.on('error', fail);
  worker.on('exit', (code) => fail(new Error(`the Schematron thread stopped (exit code ${code})`)));
  let next = 0;
  return {
    ready,
    run(file, text) {
      if (broken) return Promise.reject(broken);
      const id = ++next;
      return new Promise((resolve, reject) => {
        waiting.set(id, { resolve, reject });
        worker.postMessage({ id, file, text } satisfies SchematronRequest);
      });
    },
    async close() {
      await worker.terminate();
    },
  };
}

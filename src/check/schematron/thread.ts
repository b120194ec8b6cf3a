/**
 * The Schematron layer in a thread of its own (`edition validate`).
 *
 * Loading SaxonJS takes about 0.2 s before it can evaluate anything: most of
 * the time `validate` spends on a letter. In this thread it loads while the
 * validating thread reads, parses and checks the document against RELAX NG
 * and the edition rules; then each document's Schematron run overlaps the
 * other layers of the next document. SaxonJS parses the text itself, so the
 * text is all this thread needs; its findings come back with the path() of
 * their node, located in the validating thread's tree (locateFindings).
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { CompiledSchematron, UnlocatedFinding } from './compile';

export interface SchematronThreadData {
  /** The .sch files, in the order their findings are reported. */
  files: string[];
}

export type SchematronRequest = { id: number; file: string; text: string };

export type SchematronReply =
  | { type: 'ready' }
  | { type: 'unreadable'; message: string }
  | { type: 'done'; id: number; found: UnlocatedFinding[] }
  | { type: 'failed'; id: number; message: string; stack?: string };

const port = parentPort;
if (!port) throw new Error('the Schematron thread started outside a worker thread');
const { files } = workerData as SchematronThreadData;

const { loadSchematron } = require('./compile') as typeof import('./compile');
const schemas: CompiledSchematron[] = [];
let unreadable: string | undefined;
for (const file of files) {
  const compiled = loadSchematron(file);
  const problem = compiled.diagnostics.find((d) => d.ruleId === 'schematron-unreadable');
  if (problem) {
    unreadable = `${file}: ${problem.message}`;
    break;
  }
  schemas.push(compiled);
}
port.postMessage((unreadable !== undefined ? { type: 'unreadable', message: unreadable } : { type: 'ready' }) satisfies SchematronReply);

port.on('message', (req: SchematronRequest) => {
  try {
    const found: UnlocatedFinding[] = [];
    for (const sch of schemas) for (const f of sch.runDetached(req.file, req.text)) found.push(f);
    port.postMessage({ type: 'done', id: req.id, found } satisfies SchematronReply);
  } catch (e) {
    const err = e instanceof Error ? e : new Error(String(e));
    port.postMessage({ type: 'failed', id: req.id, message: err.message, stack: err.stack } satisfies SchematronReply);
  }
});

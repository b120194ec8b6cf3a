/**
 * Ctrl-C and SIGTERM stop a build or a validation at once, also while Typst
 * typesets (in its own process) or libxml2 and Saxon validate (in a worker
 * thread): exit 130 for SIGINT, 143 for SIGTERM, the previous output
 * byte-identical, no temporary file, no Typst process left running. Times
 * are not asserted: the tests' own timeouts are generous.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { apparatusDocument, largeDocument } from '../pdf/large-documents';
import { CLI, edition, editionChild, leftovers, snapshot, testIf, tmp, VALID } from './helpers';

const compiled = existsSync(CLI);
const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

/** The pids of a process's children (procps' pgrep), empty when it has none. */
function childrenOf(pid: number): number[] {
  try {
    return execFileSync('pgrep', ['-P', String(pid)], { encoding: 'utf8' }).split('\n').filter(Boolean).map(Number);
  } catch {
    return [];
  }
}

/** Whether a process still runs (a zombie, killed and waiting for a parent to reap it, does not). */
function alive(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return !/^\d+ \(.*\) [ZX]/.test(stat);
  } catch {
    return false;
  }
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

interface Stopped {
  code: number | null;
  signal: NodeJS.Signals | null;
  stderr: string;
  /** The child processes the CLI had when the signal was sent. */
  children: number[];
}

/** Run the CLI, wait until `ready` says so (or a fixed delay), send `sig`, and wait for the exit. */
async function interrupt(args: string[], sig: NodeJS.Signals, ready: (pid: number, elapsedMs: number) => boolean): Promise<Stopped> {
  const child = editionChild(args);
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  const ended = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
  let exited = false;
  void ended.then(() => (exited = true));
  const t0 = Date.now();
  for (let i = 0; i < 600 && !exited && !ready(child.pid!, Date.now() - t0); i++) await sleep(100);
  const children = childrenOf(child.pid!);
  child.kill(sig);
  const { code, signal } = await ended;
  return { code, signal, stderr, children };
}

describe.each([
  ['SIGINT', 130],
  ['SIGTERM', 143],
] as const)('%s', (sig, status) => {
  testIf(compiled, `${CLI} not built: the ${sig} tests did not run`)(
    `during Typst: exit ${status}, the previous output byte-identical, no temporary file, Typst stopped`,
    async () => {
      const dir = tmp('edition-signals-');
      dirs.push(dir);
      const file = path.join(dir, 'apparatus.xml');
      writeFileSync(file, apparatusDocument(5000));
      const out = path.join(dir, 'out');
      expect(edition(['build', file, '--out', out, '--format', 'txt']).code).toBe(0);
      const before = snapshot(out);
      // Typst runs in a child process of the CLI: the signal goes out once it exists.
      const r = await interrupt(['build', file, '--out', out, '--format', 'pdf,txt', '--force'], sig, (pid) => childrenOf(pid).length > 0);
      expect(r.children.length).toBeGreaterThan(0);
      expect({ code: r.code, signal: r.signal }).toEqual({ code: status, signal: null });
      expect(r.stderr).toMatch(new RegExp(`interrupted \\(${sig}\\); previous output left untouched`));
      expect(snapshot(out)).toEqual(before);
      expect(leftovers(out)).toEqual([]);
      // Killed with the build (a process of a gigabyte takes a moment to be torn down).
      for (let i = 0; i < 100 && r.children.some(alive); i++) await sleep(100);
      expect(r.children.filter(alive)).toEqual([]);
    },
    120_000,
  );

  testIf(compiled, `${CLI} not built: the ${sig} tests did not run`)(
    `during validation of a large document (validate and build): exit ${status}, the previous output byte-identical`,
    async () => {
      const dir = tmp('edition-signals-');
      dirs.push(dir);
      const file = path.join(dir, 'large.xml');
      // 33 MB: several seconds of reading, parsing and validating even on a fast machine (4 MB took
      // under 1.5 s once Schematron ran without SaxonJS), so the signal arrives in the middle of it.
      writeFileSync(file, largeDocument(300_000));
      const early = (_pid: number, ms: number): boolean => ms >= 1000;
      const validate = await interrupt(['validate', file], sig, early);
      expect({ code: validate.code, signal: validate.signal }).toEqual({ code: status, signal: null });
      expect(validate.stderr).toMatch(new RegExp(`interrupted \\(${sig}\\)`));

      const out = path.join(dir, 'out');
      expect(edition(['build', VALID, '--out', out, '--format', 'html,txt']).code).toBe(0);
      const before = snapshot(out);
      const build = await interrupt(['build', file, '--out', out, '--format', 'html,txt'], sig, early);
      expect({ code: build.code, signal: build.signal }).toEqual({ code: status, signal: null });
      expect(snapshot(out)).toEqual(before);
      expect(leftovers(out)).toEqual([]);
    },
    120_000,
  );
});

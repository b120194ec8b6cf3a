/**
 * Helpers for the hardening suite: the compiled CLI run as a user runs it
 * (with a time limit, and optionally its peak memory), temporary folders,
 * and the checks every hostile run must pass (no stack trace, an exit code
 * the README documents).
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { SHARED } from '../shared';
import { tempDir } from '../temp';

export { SHARED };

export const ROOT = path.resolve(__dirname, '..', '..');
export const CLI = path.join(ROOT, 'dist', 'cli', 'main.js');
export const CORPUS = path.join(SHARED, 'corpus');
export const TEI_ALL = path.join(SHARED, 'reference', 'tei_all.rng');
export const FIXTURES = path.join(ROOT, 'test', 'fixtures', 'hardening');
export const VALID = path.join(ROOT, 'test', 'fixtures', 'cli', 'valid.xml');
export const LETTER = path.join(ROOT, 'tei', 'mett-1931-rolland.xml');
const MAXRSS_HOOK = path.join(FIXTURES, 'maxrss.js');

export interface Run {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  /** Peak resident memory of the whole process (all threads), in MiB, when asked for. */
  maxRssMiB?: number;
}

export interface RunOptions {
  cwd?: string;
  timeoutMs?: number;
  /** Measure the peak RSS (a preloaded hook prints it on exit). */
  rss?: boolean;
}

/** Run the compiled CLI (`npm test` compiles it first). */
export function edition(args: string[], options: RunOptions = {}): Run {
  const pre = options.rss ? ['-r', MAXRSS_HOOK] : [];
  const r = spawnSync(process.execPath, [...pre, CLI, ...args], {
    cwd: options.cwd ?? ROOT,
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
    timeout: options.timeoutMs ?? 120_000,
    env: { ...process.env, EDITION_DEBUG: '', FORCE_COLOR: '0' },
  });
  let stderr = r.stderr ?? '';
  let maxRssMiB: number | undefined;
  const m = /\nhardening-maxrss-kb (\d+)\n/.exec(stderr);
  if (m) {
    maxRssMiB = Number(m[1]) / 1024;
    stderr = stderr.replace(m[0], '');
  }
  return { code: r.status, signal: r.signal, stdout: r.stdout ?? '', stderr, maxRssMiB };
}

/** The same, in the background: two runs may then share the machine's cores. */
export function editionAsync(args: string[], options: RunOptions = {}): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], {
      cwd: options.cwd ?? ROOT,
      env: { ...process.env, EDITION_DEBUG: '', FORCE_COLOR: '0' },
      stdio: ['ignore', 'pipe', 'pipe'],
      timeout: options.timeoutMs ?? 120_000,
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
}

/** The same, asynchronously (to interrupt it). */
export function editionChild(args: string[], cwd = ROOT): ReturnType<typeof spawn> {
  return spawn(process.execPath, [CLI, ...args], { cwd, env: { ...process.env, EDITION_DEBUG: '', FORCE_COLOR: '0' }, stdio: ['ignore', 'pipe', 'pipe'] });
}

/** Whatever happens, a user sees a message, never a crash: no stack trace, no "internal error", a documented exit code. */
export function expectClean(r: Run, codes: readonly number[] = [0, 1, 2]): void {
  expect(r.signal).toBeNull();
  expect(r.stderr + r.stdout).not.toMatch(/\n\s+at .+[(\s].*:\d+:\d+\)?/);
  expect(r.stderr + r.stdout).not.toMatch(/internal error|RangeError|TypeError|Maximum call stack/);
  expect(codes).toContain(r.code);
}

/** A temporary folder, removed after the test file (see test/temp.ts). */
export const tmp = (prefix = 'edition-hardening-'): string => tempDir(prefix);

/** Every file under a folder (relative paths), dotfiles included. */
export function listAll(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile())
    .map((e) => path.relative(dir, path.join(e.parentPath, e.name)))
    .sort();
}

/** Path → content (base64), to prove a folder byte-identical before and after. */
export function snapshot(dir: string): Record<string, string> {
  return Object.fromEntries(listAll(dir).map((f) => [f, readFileSync(path.join(dir, f)).toString('base64')]));
}

/** Temporary files of the write stage left behind. */
export function leftovers(dir: string): string[] {
  return listAll(dir).filter((f) => /\.tmp-|\.tmp$/.test(path.basename(f)));
}

/** The valid test letter with its body paragraph replaced, and optionally more header or standOff. */
export function letterWith(body: string, extra: { publicationStmt?: string; standOff?: string } = {}): string {
  let s = readFileSync(VALID, 'utf8');
  s = s.replace(/<p xml:id="p1">[\s\S]*?<\/p>/, body);
  if (extra.publicationStmt) s = s.replace('</publicationStmt>', `${extra.publicationStmt}</publicationStmt>`);
  if (extra.standOff) s = s.replace('</listPerson>', `</listPerson>${extra.standOff}`);
  return s;
}

export function hasTool(name: string): boolean {
  return spawnSync(name, ['-v'], { encoding: 'utf8' }).error === undefined;
}

/** `test` when the condition holds, else a loud warning and `test.skip`. */
export function testIf(ok: boolean, why: string): jest.It {
  if (ok) return test;
  console.warn(`SKIPPED (hardening): ${why}`);
  return test.skip;
}

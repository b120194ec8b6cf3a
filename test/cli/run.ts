import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { SHARED } from '../shared';

export { SHARED };

export const ROOT = path.resolve(__dirname, '..', '..');
export const CLI = path.join(ROOT, 'dist', 'cli', 'main.js');
export const FIXTURES = path.join(ROOT, 'test', 'fixtures', 'cli');

export interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Run the compiled CLI as a user would (`npm test` compiles it first). */
export function edition(args: string[], cwd = ROOT): Run {
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, env: { ...process.env, EDITION_DEBUG: '' } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** A crash shows as a JavaScript stack trace; users must never see one. */
export function expectNoStackTrace(r: Run): void {
  expect(r.stderr + r.stdout).not.toMatch(/\n\s+at .+\(.+:\d+:\d+\)/);
  expect(r.stderr).not.toMatch(/internal error/);
}

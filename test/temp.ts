/**
 * Temporary folders for tests, removed when the test file ends: a test
 * suite must leave nothing in the temporary folder (before this, a run left
 * 83 `edition-*` folders behind, the largest 69 MB). Importing this module
 * registers the cleanup for the importing test file; test/global-teardown.ts
 * fails the run if anything is left all the same.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const made: string[] = [];

/** A fresh folder under the temporary folder, removed (with everything in it) after the test file's last test. */
export function tempDir(prefix = 'edition-test-'): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), prefix));
  made.push(dir);
  return dir;
}

afterAll(() => {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/**
 * No lost output: a build that cannot write (a full disk, a read-only
 * folder), fails half-way, or is interrupted leaves the previous good output
 * byte-identical and no temporary files. Tests run as root, so chmod does not
 * stop a write: a real full disk and a real read-only mount are made with a
 * 64 KiB tmpfs (skipped loudly where mounting is not allowed).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { edition, editionChild, expectClean, leftovers, snapshot, testIf, tmp, VALID } from './helpers';
import { apparatusDocument } from '../pdf/large-documents';

const changed = (dir: string): string => {
  const f = path.join(dir, 'valid.xml');
  writeFileSync(f, readFileSync(VALID, 'utf8').replace('this was written on', 'this text CHANGED on'));
  return f;
};

function tryMount(dir: string): boolean {
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=64k', 'tmpfs', dir], { stdio: 'pipe' });
    return true;
  } catch (e) {
    console.warn(`SKIPPED (hardening): cannot mount a tmpfs (${String((e as Error).message).split('\n')[0]}): the full-disk and read-only tests did not run`);
    return false;
  }
}

describe('a full disk and a read-only folder (a 64 KiB tmpfs)', () => {
  const mnt = tmp();
  const mounted = tryMount(mnt);
  const out = path.join(mnt, 'out');
  afterAll(() => {
    if (mounted) execFileSync('umount', [mnt]);
  });

  testIf(mounted, 'tmpfs not mountable')('ENOSPC: exit 2, "the disk is full", the previous output byte-identical, no temporary file', () => {
    const first = edition(['build', VALID, '--out', out, '--format', 'txt']);
    expectClean(first, [0]);
    const before = snapshot(out);
    expect(Object.keys(before)).toContain('valid.txt');
    // The HTML page, its assets and the PDF do not fit in what is left.
    const r = edition(['build', changed(tmp()), '--out', out, '--format', 'html,txt,pdf']);
    expectClean(r, [2]);
    expect(r.stderr).toMatch(/cannot write to .*: the disk is full; previous output left untouched/);
    expect(snapshot(out)).toEqual(before);
    expect(leftovers(out)).toEqual([]);
    // Folders too: the unit that could not be written takes back the assets/ it made.
    expect(existsSync(path.join(out, 'assets'))).toBe(false);
  });

  testIf(mounted, 'tmpfs not mountable')('a read-only output folder (EROFS): exit 2, a message, the previous output byte-identical', () => {
    if (!existsSync(path.join(out, 'valid.txt'))) expectClean(edition(['build', VALID, '--out', out, '--format', 'txt']), [0]);
    const before = snapshot(out);
    execFileSync('mount', ['-o', 'remount,ro', mnt]);
    try {
      const r = edition(['build', changed(tmp()), '--out', out, '--format', 'txt', '--force']);
      expectClean(r, [2]);
      expect(r.stderr).toMatch(/cannot write to .*: the output folder is not writable; previous output left untouched/);
      expect(snapshot(out)).toEqual(before);
    } finally {
      execFileSync('mount', ['-o', 'remount,rw', mnt]);
    }
  });
});

describe('a build that fails half-way through its writes', () => {
  // The write stage checks every destination before renaming anything, and
  // keeps a backup of each replaced file until the whole set is in place.
  test('an output path taken by a folder: exit 2, and no other output replaced', () => {
    const out = path.join(tmp(), 'out');
    expectClean(edition(['build', VALID, '--out', out, '--format', 'html,txt']), [0]);
    // Someone made a folder where the text output goes.
    rmSync(path.join(out, 'valid.txt'));
    mkdirSync(path.join(out, 'valid.txt'));
    const before = snapshot(out);
    const r = edition(['build', changed(tmp()), '--out', out, '--format', 'html,txt']);
    expectClean(r, [2]);
    expect(leftovers(out)).toEqual([]);
    expect(snapshot(out)).toEqual(before);
  });
});

describe('an interrupted build (SIGINT)', () => {
  // A valid document whose PDF takes many seconds to typeset (a corpus document such as Kant is refused by the
  // edition rules within a second now that RELAX NG is fast, and would end before the signal).
  test(
    'exit 130, the previous output byte-identical, no temporary file anywhere',
    async () => {
      const big = path.join(tmp(), 'apparatus.xml');
      writeFileSync(big, apparatusDocument(3000));
      const out = path.join(tmp(), 'out');
      expectClean(edition(['build', VALID, '--out', out, '--format', 'html,txt']), [0]);
      const before = snapshot(out);
      const child = editionChild(['build', big, '--format', 'pdf', '--out', out]);
      let stderr = '';
      child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
      const ended = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
      await new Promise((r) => setTimeout(r, 1500));
      child.kill('SIGINT');
      const { code, signal } = await ended;
      // Interrupted, not finished: the PDF alone takes many seconds.
      expect({ code, signal }).toEqual({ code: 130, signal: null });
      expect(stderr).toMatch(/interrupted \(SIGINT\); previous output left untouched/);
      expect(stderr).not.toMatch(/\n\s+at .+:\d+:\d+/);
      expect(snapshot(out)).toEqual(before);
      expect(leftovers(out)).toEqual([]);
    },
  );
});

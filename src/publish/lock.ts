import { promises as fs, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { WriteError } from '../write/atomic';
import { LOCK_NAME } from './manifest';

/**
 * One build at a time per output folder. Two builds into one folder would
 * each read the manifest, write their outputs and save the manifest over the
 * other's: both "succeed", and the first one's entries, corpus page and
 * citations are lost. So a build holds `out/.edition-lock` for its whole run:
 * created exclusively (O_EXCL), holding the pid, host and start time.
 *
 * A lock whose process is gone (kill -9, a power cut) is stale: the next
 * build on the same host takes it over. A lock held by a live process makes
 * the build wait, up to EDITION_LOCK_WAIT seconds (default 10), then refuse
 * with a message (exit 2): waiting longer would look like a hang.
 */

interface LockInfo {
  pid: number;
  host: string;
  started: string;
}

export interface Lock {
  release(): void;
}

const DEFAULT_WAIT_S = 10;
const POLL_MS = 200;
/** A lock file without its contents is a build between its create and its write, unless it is older than this (killed there). */
const HALF_WRITTEN_MS = 5000;

export function lockWaitMs(): number {
  const raw = process.env.EDITION_LOCK_WAIT;
  if (raw === undefined || raw.trim() === '') return DEFAULT_WAIT_S * 1000;
  const n = Number(raw);
  return Number.isFinite(n) && n >= 0 ? n * 1000 : DEFAULT_WAIT_S * 1000;
}

/** Take the output folder's lock, creating the folder if need be. Throws WriteError when another build holds it. */
export async function lockOutput(outDir: string, waitMs = lockWaitMs()): Promise<Lock> {
  const file = path.join(outDir, LOCK_NAME);
  try {
    await fs.mkdir(outDir, { recursive: true });
  } catch {
    // The write stage says why (a file in the way, no permission), as it always has.
    return { release() {} };
  }
  const info: LockInfo = { pid: process.pid, host: os.hostname(), started: new Date().toISOString() };
  const deadline = Date.now() + waitMs;
  for (;;) {
    try {
      await fs.writeFile(file, JSON.stringify(info) + '\n', { flag: 'wx' });
      break;
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      // A folder no one can write into needs no lock, and a full disk no lock file: the build goes on and,
      // if it has anything to write, fails with the write stage's own message, the previous output untouched.
      if (code === 'EROFS' || code === 'EACCES' || code === 'EPERM' || code === 'ENOSPC') return { release() {} };
      if (code !== 'EEXIST') throw new WriteError(`cannot write to ${outDir}: ${code ?? String(e)}; previous output left untouched`);
    }
    const holder = readHolder(file);
    if ((holder === undefined && (await ageMs(file)) > HALF_WRITTEN_MS) || (holder !== undefined && isStale(holder))) {
      // Only the stale lock we just read is removed: if another build replaced it meanwhile, its exclusive create wins and we go round again.
      await fs.rm(file, { force: true });
      continue;
    }
    if (Date.now() >= deadline) {
      throw new WriteError(
        `another build (${holder ? `pid ${holder.pid}, started ${holder.started}` : 'just starting'}) is writing into ${outDir}; ` +
          `run this one when it has finished, or, if no build is running, remove ${file}`,
      );
    }
    await new Promise((r) => setTimeout(r, POLL_MS));
  }
  let released = false;
  const release = (): void => {
    if (released) return;
    released = true;
    process.removeListener('exit', release);
    // Only our own lock: never one a later build took after ours was judged stale.
    if (readHolder(file)?.pid === process.pid) rmSync(file, { force: true });
  };
  // An interrupted or failing build still frees the folder (kill -9 cannot: that is what stale detection is for).
  process.on('exit', release);
  return { release };
}

function readHolder(file: string): LockInfo | undefined {
  try {
    const v = JSON.parse(readFileSync(file, 'utf8')) as Partial<LockInfo>;
    if (typeof v.pid !== 'number' || typeof v.host !== 'string') return undefined;
    return { pid: v.pid, host: v.host, started: typeof v.started === 'string' ? v.started : 'at an unknown time' };
  } catch {
    // Unreadable or half-written (a build killed between create and write): no one can be holding it.
    return undefined;
  }
}

async function ageMs(file: string): Promise<number> {
  const st = await fs.stat(file).catch(() => undefined);
  // Gone already: nothing to wait for, the next exclusive create decides.
  return st ? Date.now() - st.mtimeMs : Infinity;
}

/** A lock is stale when its process is gone. On another host we cannot tell, so it is honoured. */
function isStale(h: LockInfo): boolean {
  if (h.host !== os.hostname()) return false;
  if (h.pid === process.pid) return false;
  try {
    process.kill(h.pid, 0);
    return false;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'ESRCH';
  }
}

import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { OutputFile } from '../output-files';

/**
 * The write stage: the only place that touches the output folder. Every file is
 * written beside its destination under a temporary name and renamed into place
 * only once all of them are written, so a failed or interrupted build leaves
 * the previous good output untouched and no partial files.
 */

export class WriteError extends Error {}

const pending = new Set<string>();
/** Whether this run writes outputs (what the interrupt message says). */
let writes = false;
let handlersInstalled = false;
const interruptHooks = new Set<() => void>();

/**
 * Run `hook` (synchronously, best effort) if the build is interrupted, before
 * the temporary files are removed: a corpus build saves its manifest there,
 * so that the documents finished so far are not built again. Returns a
 * function that removes the hook.
 */
export function onInterrupt(hook: () => void): () => void {
  installSignalCleanup();
  writes = true;
  interruptHooks.add(hook);
  return () => interruptHooks.delete(hook);
}

/** Exit 130 on Ctrl-C (143 on SIGTERM) after removing temporary files: for commands that write nothing, too. */
export function installInterruptHandlers(): void {
  installSignalCleanup();
}

const children = new Set<number>();

/**
 * Kill process `pid` (SIGKILL) if the build is interrupted: a Typst process
 * busy typesetting would otherwise run on to the end of its document.
 * Returns a function that forgets it (call it when the process ends).
 */
export function killOnInterrupt(pid: number): () => void {
  installSignalCleanup();
  children.add(pid);
  return () => children.delete(pid);
}

/** The exit status of a process stopped by `signal`: 128 + its number, as shells report it (SIGINT 130, SIGTERM 143). */
export function signalExitCode(signal: NodeJS.Signals): number {
  return signal === 'SIGTERM' ? 143 : signal === 'SIGHUP' ? 129 : 130;
}

/** On Ctrl-C or termination, remove temporary files before exiting: nothing half-written survives. */
function installSignalCleanup(): void {
  if (handlersInstalled) return;
  handlersInstalled = true;
  const cleanup = (signal: NodeJS.Signals): void => {
    // Mid-commit, the renames must finish (or roll back) first: the commit loop exits for us.
    if (committing) {
      deferredSignal = signal;
      return;
    }
    for (const pid of children) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }
    for (const hook of interruptHooks) {
      try {
        hook();
      } catch {
        // best effort: the process is exiting
      }
    }
    for (const tmp of pending) {
      try {
        require('node:fs').rmSync(tmp, { force: true });
      } catch {
        // best effort: the process is exiting
      }
    }
    process.stderr.write(`edition: interrupted (${signal})${writes ? '; previous output left untouched' : ''}\n`);
    process.exit(signalExitCode(signal));
  };
  interrupt = cleanup;
  process.on('SIGINT', cleanup);
  process.on('SIGTERM', cleanup);
}

let committing = false;
let deferredSignal: NodeJS.Signals | undefined;
let interrupt: ((signal: NodeJS.Signals) => void) | undefined;

/** Resolve an output path inside `outDir`, refusing anything that would escape it. */
export function safeOutputPath(outDir: string, rel: string): string {
  const norm = rel.replace(/\\/g, '/');
  if (norm === '' || norm.startsWith('/') || /^[A-Za-z]:/.test(norm) || norm.split('/').some((seg) => seg === '..' || seg === '')) {
    throw new WriteError(`refusing to write "${rel}": output paths must stay inside the output folder`);
  }
  const full = path.resolve(outDir, norm);
  const root = path.resolve(outDir);
  // Every path is "inside" the root of the file system: the case to refuse is the root itself (`--out /`).
  if (path.dirname(root) === root) throw new WriteError(`refusing to write "${rel}" into ${root}, the root of the file system: give --out a folder of its own`);
  const within = path.relative(root, full);
  if (within === '' || within.startsWith('..') || path.isAbsolute(within)) throw new WriteError(`refusing to write "${rel}" outside ${outDir}`);
  return full;
}

/**
 * Refuse to write through a symbolic link inside the output folder: a link
 * planted at `out/assets` would otherwise carry our files (and their later
 * removal) to wherever it points. The output folder itself may be a link:
 * the user named it.
 */
export async function assertNoLinkBelow(outDir: string, rel: string, seen?: Map<string, boolean>): Promise<void> {
  const full = safeOutputPath(outDir, rel);
  const root = path.resolve(outDir);
  const parts = path.relative(root, full).split(path.sep);
  let dir = root;
  // Every folder on the way; the file itself is replaced by rename, which never follows a link.
  for (const part of parts.slice(0, -1)) {
    dir = path.join(dir, part);
    let isLink = seen?.get(dir);
    if (isLink === undefined) {
      isLink = await fs.lstat(dir).then((st) => st.isSymbolicLink(), () => false);
      seen?.set(dir, isLink);
    }
    if (isLink) {
      throw new WriteError(`refusing to write ${path.join(outDir, rel)}: ${path.join(outDir, path.relative(root, dir))} is a symbolic link, and the build writes only inside ${outDir}; replace the link with a folder`);
    }
  }
}

/** The temporary names this module gives: `.<name>.tmp-<pid>-<n>`, `-sync`, and their `.bak` backups. */
const TEMP_NAME = /^\..+\.tmp-\d+-(?:\d+|sync)(?:\.bak)?$/;

/**
 * Remove temporary files a killed build (kill -9, a power cut) left in the
 * output folder: they would otherwise stay for ever, and be published with
 * the site. Only our own names, only in the folders given (relative to the
 * output folder, each looked at without descending: the output folder may
 * be a project's own root, with node_modules and .git below it), and only
 * while this build holds the folder's lock, so that no other build's files
 * in progress are touched. Returns how many were removed.
 */
export async function removeLeftovers(outDir: string, folders: Iterable<string>): Promise<number> {
  let removed = 0;
  for (const rel of new Set(folders)) {
    let dir: string;
    try {
      const probe = rel === '' ? 'x' : `${rel}/x`;
      dir = path.dirname(safeOutputPath(outDir, probe));
      await assertNoLinkBelow(outDir, probe);
    } catch {
      continue;
    }
    const entries = await fs.readdir(dir, { withFileTypes: true }).catch(() => []);
    for (const e of entries) {
      if (e.isFile() && TEMP_NAME.test(e.name) && (await fs.rm(path.join(dir, e.name)).then(() => true, () => false))) removed++;
    }
  }
  return removed;
}

/** Every folder under `rel` in the output folder (itself included), without following links. */
export async function foldersUnder(outDir: string, rel: string): Promise<string[]> {
  const found: string[] = [];
  const walk = async (r: string): Promise<void> => {
    let dir: string;
    try {
      dir = path.dirname(safeOutputPath(outDir, `${r}/x`));
    } catch {
      return;
    }
    const entries = await fs.readdir(dir, { withFileTypes: true }).catch(() => undefined);
    if (!entries) return;
    found.push(r);
    for (const e of entries) if (e.isDirectory()) await walk(`${r}/${e.name}`);
  };
  await walk(rel);
  return found;
}

/** One small file, synchronously (for an interrupt hook, where nothing asynchronous runs any more). */
export function writeFileAtomicSync(outDir: string, rel: string, data: string): void {
  const fsSync = require('node:fs') as typeof import('node:fs');
  const dest = safeOutputPath(outDir, rel);
  const tmp = path.join(path.dirname(dest), `.${path.basename(dest)}.tmp-${process.pid}-sync`);
  fsSync.mkdirSync(path.dirname(dest), { recursive: true });
  try {
    fsSync.writeFileSync(tmp, data);
    fsSync.renameSync(tmp, dest);
  } finally {
    fsSync.rmSync(tmp, { force: true });
  }
}

/** Write a set of files as one unit: all renamed into place, or none. */
export async function writeOutputs(outDir: string, files: readonly OutputFile[]): Promise<string[]> {
  installSignalCleanup();
  writes = true;
  const staged: { tmp: string; dest: string }[] = [];
  /** Folders this unit created: removed again if it fails, so that a full disk leaves no empty `assets/` behind. */
  const madeDirs: string[] = [];
  const links = new Map<string, boolean>();
  try {
    for (const f of files) {
      const dest = safeOutputPath(outDir, f.path);
      await assertNoLinkBelow(outDir, f.path, links);
      const made = await fs.mkdir(path.dirname(dest), { recursive: true });
      if (made !== undefined) madeDirs.push(made);
      const tmp = path.join(path.dirname(dest), `.${path.basename(dest)}.tmp-${process.pid}-${staged.length}`);
      pending.add(tmp);
      staged.push({ tmp, dest });
      await fs.writeFile(tmp, f.data);
    }
    await commit(staged);
  } catch (e) {
    await Promise.all(staged.map((s) => fs.rm(s.tmp, { force: true }).catch(() => undefined)));
    for (const s of staged) pending.delete(s.tmp);
    await removeEmptyFolders(madeDirs, staged.map((s) => s.dest), path.resolve(outDir));
    if (e instanceof WriteError) throw e;
    const err = e as NodeJS.ErrnoException;
    const why =
      err.code === 'ENOSPC' ? 'the disk is full'
      : err.code === 'EACCES' || err.code === 'EPERM' || err.code === 'EROFS' ? 'the output folder is not writable'
      : err.code ?? String(e);
    throw new WriteError(`cannot write to ${outDir}: ${why}; previous output left untouched`);
  }
  return staged.map((s) => s.dest);
}

/**
 * Remove the folders a failed unit created, deepest first, and only while
 * empty: a folder something else wrote into meanwhile stays. `made` holds
 * the topmost folder of each mkdir -p; the folders below it on the way to
 * each file are ours too.
 */
async function removeEmptyFolders(made: readonly string[], dests: readonly string[], root: string): Promise<void> {
  const ours = (d: string): boolean => d.startsWith(root + path.sep) && made.some((top) => d === top || d.startsWith(top + path.sep));
  const all = new Set<string>();
  for (const dest of dests) for (let d = path.dirname(dest); ours(d); d = path.dirname(d)) all.add(d);
  for (const d of [...all].sort((x, y) => y.length - x.length)) {
    // rmdir refuses a folder that is not empty: exactly the check wanted.
    await fs.rmdir(d).catch(() => undefined);
  }
}

/**
 * Rename every staged file into place as one unit. A rename can still fail
 * half-way (a folder where a file should go, a full disk for the folder
 * entry), so each file it replaces is kept as a hard-linked backup until all
 * renames have succeeded, and put back if one fails. Signals wait until the
 * unit is complete or undone.
 */
async function commit(staged: readonly { tmp: string; dest: string }[]): Promise<void> {
  for (const s of staged) {
    const st = await fs.lstat(s.dest).catch(() => undefined);
    if (st?.isDirectory()) throw new WriteError(`cannot write ${s.dest}: a folder is in the way; previous output left untouched`);
  }
  committing = true;
  const done: { dest: string; backup?: string }[] = [];
  try {
    for (const s of staged) {
      const backup = `${s.tmp}.bak`;
      const had = await fs.link(s.dest, backup).then(
        () => true,
        () => false,
      );
      if (had) pending.add(backup);
      await fs.rename(s.tmp, s.dest);
      pending.delete(s.tmp);
      done.push({ dest: s.dest, backup: had ? backup : undefined });
    }
  } catch (e) {
    for (const d of done.reverse()) {
      if (d.backup) await fs.rename(d.backup, d.dest).catch(() => undefined);
      else await fs.rm(d.dest, { force: true }).catch(() => undefined);
      if (d.backup) pending.delete(d.backup);
    }
    throw e;
  } finally {
    for (const d of done) {
      if (d.backup && pending.has(d.backup)) {
        await fs.rm(d.backup, { force: true }).catch(() => undefined);
        pending.delete(d.backup);
      }
    }
    committing = false;
    if (deferredSignal && interrupt) interrupt(deferredSignal);
  }
}

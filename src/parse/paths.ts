import { promises as fs } from 'node:fs';
import path from 'node:path';

export class PathError extends Error {}

export interface Collected {
  files: string[];
  /** Files of a folder left out, each with the reason (a link leading outside the folder, a broken link). */
  skipped: string[];
}

/**
 * Expand the user's arguments (files or folders) into the XML files to
 * process, sorted for stable output. Warnings about files left out are
 * written to stderr; use collectXmlFilesReport to handle them yourself.
 */
export async function collectXmlFiles(args: readonly string[]): Promise<string[]> {
  const { files, skipped } = await collectXmlFilesReport(args);
  for (const s of skipped) process.stderr.write(`edition: warning: ${s}\n`);
  return files;
}

/**
 * A file named on the command line is the user's choice and is read even
 * through a symbolic link. Inside a folder, a link is followed only to a
 * file within that same folder: a link in a shared project folder could
 * otherwise publish any file of the machine. Devices, pipes and sockets are
 * refused: reading /dev/zero never ends.
 */
export async function collectXmlFilesReport(args: readonly string[]): Promise<Collected> {
  const files: string[] = [];
  const skipped: string[] = [];
  for (const arg of args) {
    let stat;
    try {
      stat = await fs.stat(arg);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      throw new PathError(code === 'ENOENT' ? `${arg}: no such file or folder` : `${arg}: cannot be read (${code})`);
    }
    if (stat.isDirectory()) {
      const root = await fs.realpath(arg).catch(() => path.resolve(arg));
      const found = await walk(arg, root, skipped);
      if (found.length === 0) throw new PathError(`${arg}: the folder contains no .xml file`);
      files.push(...found);
    } else if (stat.isFile()) {
      files.push(arg);
    } else {
      throw new PathError(`${arg}: not a regular file (a device, a pipe or a socket)`);
    }
  }
  return { files: [...new Set(files)], skipped };
}

function within(root: string, p: string): boolean {
  const rel = path.relative(root, p);
  return rel !== '' && !rel.startsWith('..') && !path.isAbsolute(rel);
}

async function walk(dir: string, root: string, skipped: string[]): Promise<string[]> {
  let entries;
  try {
    entries = await fs.readdir(dir, { withFileTypes: true });
  } catch (e) {
    throw new PathError(`${dir}: cannot be read (${(e as NodeJS.ErrnoException).code})`);
  }
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const out: string[] = [];
  for (const e of entries) {
    if (e.name.startsWith('.')) continue;
    const p = path.join(dir, e.name);
    // Symbolic links are not followed into folders: a link could point anywhere on the machine, or loop.
    if (e.isDirectory()) out.push(...(await walk(p, root, skipped)));
    else if (e.isFile() && e.name.toLowerCase().endsWith('.xml')) out.push(p);
    else if (e.isSymbolicLink() && e.name.toLowerCase().endsWith('.xml')) {
      const real = await fs.realpath(p).catch(() => undefined);
      const stat = real ? await fs.stat(real).catch(() => undefined) : undefined;
      if (!real || !stat) skipped.push(`${p}: skipped, a broken symbolic link`);
      else if (!within(root, real)) skipped.push(`${p}: skipped, a symbolic link to ${real}, outside ${dir} (name the file itself to read it)`);
      else if (stat.isFile()) out.push(p);
    }
  }
  return out;
}

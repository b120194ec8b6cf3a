import { promises as fs } from 'node:fs';
import path from 'node:path';

export class PathError extends Error {}

/** Expand the user's arguments (files or folders) into the XML files to process, sorted for stable output. */
export async function collectXmlFiles(args: readonly string[]): Promise<string[]> {
  const files: string[] = [];
  for (const arg of args) {
    let stat;
    try {
      stat = await fs.stat(arg);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      throw new PathError(code === 'ENOENT' ? `${arg}: no such file or folder` : `${arg}: cannot be read (${code})`);
    }
    if (stat.isDirectory()) {
      const found = await walk(arg);
      if (found.length === 0) throw new PathError(`${arg}: the folder contains no .xml file`);
      files.push(...found);
    } else {
      files.push(arg);
    }
  }
  return [...new Set(files)];
}

async function walk(dir: string): Promise<string[]> {
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
    // Symbolic links are not followed into folders: a link could point anywhere on the machine.
    if (e.isDirectory()) out.push(...(await walk(p)));
    else if ((e.isFile() || e.isSymbolicLink()) && e.name.toLowerCase().endsWith('.xml')) out.push(p);
  }
  return out;
}

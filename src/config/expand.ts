/**
 * Files named by a glob, relative to a folder: the walk starts at the glob's
 * fixed part (`registers/` of `registers/*.xml`), so that a glob does not
 * read the whole project tree. Sorted, so that the result (and what is
 * built from it) does not depend on the file system's order.
 */
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { globToRegExpSource } from './glob';

const MAX_FILES = 100_000;

export function expandGlobs(glob: string, root: string): string[] {
  const g = glob.replace(/\\/g, '/').replace(/^\.\//, '');
  const segments = g.split('/');
  const fixed: string[] = [];
  for (const s of segments.slice(0, -1)) {
    if (/[*?{]/.test(s)) break;
    fixed.push(s);
  }
  const start = path.resolve(root, ...fixed);
  // A glob with "../" names files beside the project: matched relative to the folder it climbs to.
  const re = new RegExp(globToRegExpSource(segments.slice(fixed.length).join('/')));
  const out: string[] = [];
  const walk = (dir: string, rel: string): void => {
    let entries;
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries) {
      if (out.length >= MAX_FILES || e.name.startsWith('.') || e.name === 'node_modules') continue;
      const r = rel ? `${rel}/${e.name}` : e.name;
      if (e.isDirectory()) walk(path.join(dir, e.name), r);
      else if (e.isFile() && re.test(r)) out.push(path.join(dir, e.name));
    }
  };
  walk(start, '');
  return out.sort();
}

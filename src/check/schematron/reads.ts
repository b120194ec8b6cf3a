/**
 * What files a Schematron rule may read at run time.
 *
 * XPath 3.1 reads files: doc(), doc-available(), unparsed-text(),
 * unparsed-text-lines(), unparsed-text-available(), json-doc() (collection()
 * has no finder here and always fails). A user's --schematron rules come with
 * documents from anywhere, and `unparsed-text('file:///etc/passwd')` in a
 * report printed the file. SaxonJS refuses http(s) itself; every file read
 * goes through its platform's one synchronous reader, which is wrapped here:
 * while rules run, only files inside the allowed folders (the .sch file's and
 * the document's, and below) are read; anything else is refused before it is
 * opened, so the refusal says nothing about whether it exists. Outside a run
 * no file is read at all (nothing else in the project asks SaxonJS to).
 */
import { realpathSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

interface SaxonPlatform {
  readFile(uri: unknown): string;
}
interface SaxonWithPlatform {
  getPlatform(): SaxonPlatform;
  /** SaxonJS's dynamic error: its doc() and json-doc() handle a failed read only when it is one. */
  XError: new (message: string, code: string) => Error;
}

let allowed: readonly string[] = [];
let installed = false;

function real(p: string): string {
  try {
    return realpathSync(p);
  } catch {
    return p;
  }
}

function inside(roots: readonly string[], file: string): boolean {
  return roots.some((root) => {
    const rel = path.relative(root, file);
    return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
  });
}

/** The local path a URI given to SaxonJS's reader names (a URL object or a string, file: or a plain path). */
function localPath(uri: unknown): string | undefined {
  const s = String(uri);
  if (/^file:/i.test(s)) {
    try {
      return fileURLToPath(s);
    } catch {
      return undefined;
    }
  }
  // Any other scheme: SaxonJS refuses it itself (http) or cannot read it.
  if (/^[A-Za-z][A-Za-z0-9+.-]+:/.test(s)) return undefined;
  return path.resolve(s);
}

function guard(saxon: SaxonWithPlatform): void {
  if (installed) return;
  installed = true;
  const platform = saxon.getPlatform();
  const read = platform.readFile.bind(platform);
  platform.readFile = (uri: unknown): string => {
    const file = localPath(uri);
    // Both spellings: as named, and with links followed (a link inside may point anywhere).
    if (file !== undefined && (!inside(allowed, file) || !inside(allowed, real(file)))) {
      const where = allowed.length > 0 ? `only files in ${allowed.filter((r, i) => allowed.indexOf(r) === i).join(', ')} (the Schematron file's and the document's folders) may be read` : 'no file may be read here';
      throw new saxon.XError(`reading ${file} is refused: ${where}`, 'FODC0002');
    }
    return read(uri);
  };
}

/** Run `f` with file reads limited to `folders` (and below). */
export function withReadsIn<T>(saxon: SaxonWithPlatform, folders: readonly string[], f: () => T): T {
  guard(saxon);
  const before = allowed;
  allowed = [...new Set(folders.flatMap((d) => [path.resolve(d), real(path.resolve(d))]))];
  try {
    return f();
  } finally {
    allowed = before;
  }
}

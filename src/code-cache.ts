/**
 * V8's compiled code for our own modules, kept across runs. Compiling the
 * JavaScript of the modules a command loads is a tenth of a short run (about
 * 20 ms of `edition validate` on a letter, out of ~0.22 s); V8 can hand back
 * the code it compiled and accept it again at the next start (vm.Script's
 * cachedData). Node 20 has no built-in way to do this for CommonJS modules
 * (module.enableCompileCache came in Node 22), so this module does what the
 * v8-compile-cache package did: it takes over Module.prototype._compile for
 * the files of this package (dist/ and node_modules/), and writes what V8
 * compiled, functions compiled lazily during the run included, when the
 * process ends.
 *
 * One file per Node version and architecture in the cache folder
 * (cache-folder.ts; EDITION_CACHE=off turns it off), read once at start. An
 * entry is used only for the same file with the same size and modification
 * time, and only if V8 accepts it (it checks its own version, flags and the
 * source's length); otherwise the module is compiled as usual and the entry
 * replaced. Writing is atomic (a temporary file renamed over the old one) and
 * best effort: a read-only or full disk costs the compile time, nothing else.
 *
 * Built-ins only: it is installed before any other module is loaded.
 */
import { mkdirSync, readFileSync, renameSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import Module from 'node:module';
import path from 'node:path';
import vm from 'node:vm';
import { threadId } from 'node:worker_threads';
import { cacheFolder } from './cache-folder';

/** The package: its compiled code and its dependencies, nothing a user's files could name. */
const PACKAGE = path.resolve(__dirname, '..') + path.sep;
/** Changed whenever the file's layout changes. */
const FORMAT = 1;

interface Entry {
  size: number;
  mtimeMs: number;
  offset: number;
  length: number;
}

interface Header {
  format: number;
  entries: Record<string, Entry>;
}

/** Node's own loader, as far as this module uses it (internal but stable since Node 12; v8-compile-cache relied on the same). */
interface LoaderModule {
  exports: unknown;
  require(id: string): unknown;
  /** `format` since Node 20.19 (require of an ES module): 'module' for one, else 'commonjs' or absent. */
  _compile(content: string, filename: string, format?: string): unknown;
}
interface Loader {
  prototype: LoaderModule;
  wrap(script: string): string;
  _resolveFilename(request: string, parent: LoaderModule, isMain: boolean, options?: { paths?: string[] }): string;
  _resolveLookupPaths(request: string, parent: LoaderModule): string[] | null;
  _cache: unknown;
  _extensions: unknown;
}

let installed = false;

export function installCodeCache(): void {
  const folder = cacheFolder('code');
  if (installed || !folder) return;
  installed = true;
  const file = path.join(folder, `${process.version}-${process.arch}.bin`);
  const stored = read(file);
  const fresh = new Map<string, { script: vm.Script; size: number; mtimeMs: number }>();
  const reused = new Map<string, Buffer>();
  // Module is typed for its public API only: the loader's internals are reached through the slice above.
  const loader = Module as unknown as Loader;
  const compile = loader.prototype._compile;

  loader.prototype._compile = function (this: LoaderModule, content: string, filename: string, format?: string): unknown {
    // Only CommonJS scripts: an ES module (SaxonJS requires one, async-function/require.mjs) is Node's to compile.
    if (!filename.startsWith(PACKAGE) || format === 'module' || !/\.c?js$/.test(filename)) return compile.call(this, content, filename, format);
    let size = -1;
    let mtimeMs = -1;
    try {
      const s = statSync(filename);
      size = s.size;
      mtimeMs = s.mtimeMs;
    } catch {
      return compile.call(this, content, filename, format);
    }
    const entry = stored?.header.entries[filename];
    const cached = entry && entry.size === size && entry.mtimeMs === mtimeMs ? stored.blobs.subarray(entry.offset, entry.offset + entry.length) : undefined;
    // A first line "#!/usr/bin/env node" is not JavaScript inside the wrapper: a comment of the same length keeps the columns.
    const source = content.startsWith('#!') ? `//${content.slice(2)}` : content;
    let script: vm.Script;
    try {
      script = new vm.Script(loader.wrap(source), { filename, cachedData: cached });
    } catch {
      // Not a script after all (a .js file of ES module syntax that Node detects): Node compiles it, and words any error.
      return compile.call(this, content, filename, format);
    }
    if (cached && !script.cachedDataRejected) reused.set(filename, cached);
    else fresh.set(filename, { script, size, mtimeMs });
    const wrapper = script.runInThisContext({ displayErrors: true }) as (...args: unknown[]) => unknown;
    const mod = this;
    // The module's own `require`, as Node's loader makes it.
    const req = Object.assign((id: string) => mod.require(id), {
      resolve: Object.assign((request: string, options?: { paths?: string[] }) => loader._resolveFilename(request, mod, false, options), {
        paths: (request: string) => loader._resolveLookupPaths(request, mod),
      }),
      main: require.main,
      extensions: loader._extensions,
      cache: loader._cache,
    });
    return wrapper.call(mod.exports, mod.exports, req, mod, filename, path.dirname(filename));
  };

  process.once('exit', () => {
    if (fresh.size === 0) return;
    const blobs: Buffer[] = [];
    const entries: Record<string, Entry> = {};
    let offset = 0;
    const add = (name: string, blob: Buffer, size: number, mtimeMs: number): void => {
      entries[name] = { size, mtimeMs, offset, length: blob.length };
      blobs.push(blob);
      offset += blob.length;
    };
    // Entries of modules this run did not load (another command's) are kept as they were.
    for (const [name, e] of Object.entries(stored?.header.entries ?? {})) {
      if (fresh.has(name)) continue;
      const blob = reused.get(name) ?? stored!.blobs.subarray(e.offset, e.offset + e.length);
      add(name, blob, e.size, e.mtimeMs);
    }
    for (const [name, f] of fresh) add(name, f.script.createCachedData(), f.size, f.mtimeMs);
    write(file, { format: FORMAT, entries }, blobs);
  });
}

/** The stored file: a 4-byte length, the JSON header, the blobs. Undefined if absent or not ours. */
function read(file: string): { header: Header; blobs: Buffer } | undefined {
  try {
    const bytes = readFileSync(file);
    const n = bytes.readUInt32LE(0);
    const header = JSON.parse(bytes.subarray(4, 4 + n).toString('utf8')) as Header;
    if (header.format !== FORMAT || typeof header.entries !== 'object' || header.entries === null) return undefined;
    const blobs = bytes.subarray(4 + n);
    // Only entries that lie within the file: a damaged one is dropped (its module compiled as usual).
    const entries: Record<string, Entry> = {};
    for (const [name, e] of Object.entries(header.entries)) {
      const ok = typeof e === 'object' && e !== null && [e.size, e.mtimeMs, e.offset, e.length].every(Number.isFinite) && e.offset >= 0 && e.offset + e.length <= blobs.length;
      if (ok) entries[name] = e;
    }
    return { header: { format: FORMAT, entries }, blobs };
  } catch {
    return undefined;
  }
}

function write(file: string, header: Header, blobs: Buffer[]): void {
  const json = Buffer.from(JSON.stringify(header), 'utf8');
  const length = Buffer.alloc(4);
  length.writeUInt32LE(json.length, 0);
  const tmp = `${file}.${process.pid}-${threadId}.tmp`;
  try {
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(tmp, Buffer.concat([length, json, ...blobs]));
    renameSync(tmp, file);
  } catch {
    try {
      unlinkSync(tmp);
    } catch {
      // Nothing was written.
    }
  }
}

import { createHash } from 'node:crypto';
import { createReadStream, promises as fs } from 'node:fs';
import path from 'node:path';
import { version } from '../cli/version';
import type { Format } from '../render/index';
import type { BuildSettings } from './settings';

/**
 * Cache keys. A document's outputs are a function of its bytes and of
 * everything listed here; each goes into one fingerprint of the build, and a
 * document's key is hash(fingerprint, hash(its bytes)). Change any of them and
 * every key changes, so every document is rebuilt: templates and schemas
 * apply to all documents alike, and a finer dependency graph is not worth its
 * risk of a stale page.
 *
 * - the tool: its version, and a hash of its own code (a development build
 *   keeps the version number while its output changes) and of the versions
 *   of the libraries that shape the output (Typst, Handlebars, saxon-js…);
 * - the templates: every file of the project's templates/ and of --templates,
 *   by content (never by mtime: a fresh checkout must hit the cache);
 * - the RELAX NG schema and the Schematron files, by content;
 * - per output kind (kindKey), the options that change its bytes: witness and
 *   base URL; the text mode for text; the paper and SOURCE_DATE_EPOCH (the
 *   PDF's date when the TEI gives none) for the PDF;
 *   for every kind, the project's rule severities, the include folders and
 *   the registers' paths and contents (in the fingerprint).
 */

const PROJECT_ROOT = path.resolve(__dirname, '..', '..');
const PROJECT_TEMPLATES = path.join(PROJECT_ROOT, 'templates');
const PROJECT_SCHEMA = path.join(PROJECT_ROOT, 'schemas', 'tei-edition.rng');
const PROJECT_SCHEMATRON = path.join(PROJECT_ROOT, 'schemas', 'tei-edition.sch');
/** Where our compiled code lives (dist/, or src/ under ts-jest). */
const CODE_ROOT = path.resolve(__dirname, '..');

export function sha256(data: string | Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}

export async function buildFingerprint(s: BuildSettings): Promise<string> {
  const h = createHash('sha256');
  const part = (label: string, value: string): void => {
    h.update(label).update('\u0000').update(value).update('\u0001');
  };
  part('version', version);
  part('code', await folderHash(CODE_ROOT, (rel) => /\.(js|ts)$/.test(rel) && !rel.startsWith('bench/')));
  part('libraries', await libraryVersions());
  part('templates', await folderHash(PROJECT_TEMPLATES, templateFile));
  if (s.templates) part('user-templates', await folderHash(s.templates, templateFile));
  // The options that shape outputs are not here but in each kind's key (kindKey).
  part('schema', await fileHash(s.schema ?? PROJECT_SCHEMA));
  for (const f of [PROJECT_SCHEMATRON, ...s.schematron]) part('schematron', await fileHash(f));
  // Severities decide which documents are refused and which warnings are stored for replay, in every
  // kind. Without the config's folder: override globs match paths relative to it, which a moved project keeps.
  part('rules', JSON.stringify(s.rules ? { ...s.rules, root: undefined } : null));
  // An include refused without them is an error, with them a part of the text.
  part('includeFolders', JSON.stringify(s.includeFolders ?? []));
  // A document's index of names and popovers show the register entries it points to: a changed register rebuilds them.
  for (const f of s.registers ?? []) part('register', `${f}\u0000${await fileHash(f)}`);
  return h.digest('hex');
}

/**
 * The key of one output kind of one document: the build's fingerprint, the
 * document's bytes, and only the options that change that kind's bytes
 * (the text mode changes the text, the paper the PDF), so that a text build
 * in another mode leaves the PDF's key, and the PDF, as they were. The mode
 * and the paper also name the kind (outputKind's variant); they stay in the
 * key so that a record from before variants, filed under `txt` by a
 * diplomatic build, is not taken for the reading text.
 */
export function kindKey(fingerprint: string, contentHash: string, format: Format, s: BuildSettings): string {
  const options = {
    format,
    witness: s.witness ?? null,
    baseUrl: s.baseUrl ?? null,
    ...(format === 'txt' ? { textMode: s.textMode } : {}),
    ...(format === 'pdf' ? { paper: s.paper, sourceDateEpoch: process.env.SOURCE_DATE_EPOCH ?? null } : {}),
  };
  return sha256(`${fingerprint}\u0000${contentHash}\u0000${JSON.stringify(options)}`);
}

/** Hash a file's bytes; a large file is streamed, so that hashing many inputs at once holds little memory. */
export async function hashFile(file: string): Promise<{ bytes: number; hash: string }> {
  const st = await fs.stat(file);
  if (!st.isFile()) throw new Error(`${file} is not a file`);
  if (st.size <= 1024 * 1024) {
    const data = await fs.readFile(file);
    return { bytes: data.length, hash: sha256(data) };
  }
  const h = createHash('sha256');
  let bytes = 0;
  for await (const chunk of createReadStream(file)) {
    bytes += (chunk as Buffer).length;
    h.update(chunk as Buffer);
  }
  return { bytes, hash: h.digest('hex') };
}

/** The files the renderers read from a templates folder (as templates.ts lists them: no dotfiles, no README). */
function templateFile(rel: string): boolean {
  const base = rel.split('/').pop() ?? rel;
  return !base.startsWith('.') && !/^README/i.test(base);
}

async function fileHash(file: string): Promise<string> {
  try {
    return sha256(await fs.readFile(file));
  } catch (e) {
    // The build itself reports an unreadable schema; the key only needs to differ.
    return `unreadable:${(e as NodeJS.ErrnoException).code ?? 'EIO'}`;
  }
}

/** Hash of every file under a folder that `keep` accepts: relative names and contents, in sorted order. */
async function folderHash(root: string, keep: (rel: string) => boolean): Promise<string> {
  const h = createHash('sha256');
  const walk = async (dir: string, prefix: string): Promise<void> => {
    let entries;
    try {
      entries = await fs.readdir(dir, { withFileTypes: true });
    } catch {
      return;
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const e of entries) {
      if (e.name.startsWith('.')) continue;
      const rel = prefix + e.name;
      if (e.isDirectory()) await walk(path.join(dir, e.name), `${rel}/`);
      else if (e.isFile() && keep(rel)) h.update(rel).update('\u0000').update(await fs.readFile(path.join(dir, e.name))).update('\u0001');
    }
  };
  await walk(root, '');
  return h.digest('hex');
}

/** The installed versions of our dependencies (a new Typst typesets differently). */
async function libraryVersions(): Promise<string> {
  let deps: string[] = [];
  try {
    const pkg = JSON.parse(await fs.readFile(path.join(PROJECT_ROOT, 'package.json'), 'utf8')) as { dependencies?: Record<string, string> };
    deps = Object.keys(pkg.dependencies ?? {}).sort();
  } catch {
    return 'unknown';
  }
  const out: string[] = [];
  for (const d of deps) {
    try {
      const p = JSON.parse(await fs.readFile(path.join(PROJECT_ROOT, 'node_modules', ...d.split('/'), 'package.json'), 'utf8')) as { version?: string };
      out.push(`${d}@${p.version ?? '?'}`);
    } catch {
      out.push(`${d}@?`);
    }
  }
  return out.join(',');
}

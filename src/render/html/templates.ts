import { readdirSync, readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';
import Handlebars from 'handlebars';
import { RenderError } from '../types';

/** The project's own templates: `templates/` at the package root (from src/ or dist/ alike). */
export const PROJECT_TEMPLATES = path.resolve(__dirname, '../../../templates');

type Env = typeof Handlebars;
type Template = Handlebars.TemplateDelegate;

/** The files a build uses, each resolved to the user's folder or ours. */
interface Resolved {
  /** relative name (forward slashes) → absolute path */
  files: Map<string, string>;
  /** path + mtime + size of every file: equal signatures mean nothing changed */
  signature: string;
}

interface TemplateSet {
  signature: string;
  env: Env;
  templates: Map<string, Template>;
}

const setCache = new Map<string, TemplateSet>();
const fileCache = new Map<string, { stamp: string; data: Buffer }>();

/**
 * Render a page template (`page.hbs`, `index.hbs`) with its partials.
 *
 * Templates are compiled once per process and recompiled only when a file's
 * mtime or size changes (a `--watch` build picks up edits), never per document.
 */
export function renderTemplate(name: string, data: unknown, userDir?: string): string {
  const set = templateSet(userDir);
  const tpl = set.templates.get(name);
  if (!tpl) {
    throw new RenderError(`HTML: template ${name} not found`, undefined, userDir ? `looked in ${userDir} and ${PROJECT_TEMPLATES}` : `looked in ${PROJECT_TEMPLATES}`);
  }
  try {
    return tpl(data);
  } catch (e) {
    throw new RenderError(`HTML: template ${name} failed: ${(e as Error).message}`, undefined, 'check the template for a missing partial or a misspelt helper');
  }
}

/** One partial on its own (a draft's banner, put into a user's page that lacks it). */
export function renderPartial(name: string, data: unknown, userDir?: string): string {
  const partial = templateSet(userDir).env.partials[name] as Template | undefined;
  if (typeof partial !== 'function') throw new RenderError(`HTML: partial ${name} not found`);
  return partial(data);
}

/** Every file under `assets/`, the user's replacing ours by the same relative name. */
export function assetFiles(userDir?: string): { path: string; data: string | Uint8Array }[] {
  const resolved = resolve(userDir);
  const out: { path: string; data: string | Uint8Array }[] = [];
  for (const [rel, abs] of resolved.files) {
    if (!rel.startsWith('assets/')) continue;
    const bytes = readCached(abs);
    out.push({ path: rel, data: TEXT_ASSET.test(rel) ? bytes.toString('utf8') : new Uint8Array(bytes) });
  }
  return out.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

const TEXT_ASSET = /\.(css|js|mjs|svg|txt|json|html)$/i;

function templateSet(userDir?: string): TemplateSet {
  const resolved = resolve(userDir);
  const key = userDir ? path.resolve(userDir) : '';
  const cached = setCache.get(key);
  if (cached && cached.signature === resolved.signature) return cached;

  // A fresh Handlebars environment per set: partials are registered per
  // environment, and one user's partials must not leak into another build.
  const env = Handlebars.create();
  const templates = new Map<string, Template>();
  for (const [rel, abs] of resolved.files) {
    if (!rel.endsWith('.hbs')) continue;
    const source = readCached(abs).toString('utf8');
    let compiled: Template;
    try {
      // precompile-equivalent: throws on syntax errors now, not at the first page
      env.precompile(source);
      compiled = env.compile(source, { preventIndent: true });
    } catch (e) {
      throw new RenderError(`HTML: template ${abs} does not compile: ${(e as Error).message}`);
    }
    if (rel.startsWith('partials/')) env.registerPartial(rel.slice('partials/'.length, -'.hbs'.length), compiled);
    else templates.set(rel, compiled);
  }
  const set = { signature: resolved.signature, env, templates };
  setCache.set(key, set);
  return set;
}

function resolve(userDir?: string): Resolved {
  const files = new Map<string, string>();
  for (const rel of listFiles(PROJECT_TEMPLATES)) files.set(rel, path.join(PROJECT_TEMPLATES, rel));
  if (userDir) {
    let isDir = false;
    try {
      isDir = statSync(userDir).isDirectory();
    } catch {
      isDir = false;
    }
    if (!isDir) throw new RenderError(`HTML: template folder ${userDir} does not exist`, undefined, 'pass a folder whose files override templates/ by name');
    for (const rel of listFiles(userDir)) files.set(rel, path.join(userDir, rel));
  }
  const sorted = new Map([...files.entries()].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0)));
  const stamps: string[] = [];
  for (const [rel, abs] of sorted) stamps.push(`${rel}\u0000${abs}\u0000${stampOf(abs)}`);
  return { files: sorted, signature: stamps.join('\n') };
}

function stampOf(abs: string): string {
  const st = statSync(abs);
  return `${st.mtimeMs}:${st.size}`;
}

function readCached(abs: string): Buffer {
  const stamp = stampOf(abs);
  const hit = fileCache.get(abs);
  if (hit && hit.stamp === stamp) return hit.data;
  const data = readFileSync(abs);
  fileCache.set(abs, { stamp, data });
  return data;
}

/** Relative paths (forward slashes) of the files under a folder; README files are documentation, not templates. */
function listFiles(root: string): string[] {
  const out: string[] = [];
  const walk = (dir: string, prefix: string): void => {
    let entries;
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries) {
      if (e.name.startsWith('.')) continue;
      const rel = prefix + e.name;
      if (e.isDirectory()) walk(path.join(dir, e.name), rel + '/');
      else if (e.isFile() && !/^README/i.test(e.name)) out.push(rel);
    }
  };
  walk(root, '');
  return out;
}

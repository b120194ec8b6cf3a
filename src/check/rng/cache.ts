/**
 * Compiled grammars kept by content: in memory for the process, and on disk
 * (the user cache folder) across runs, so that tei_all is simplified once,
 * not at every `edition validate`. A stored grammar names every file it was
 * compiled from with the hash of its text; it is used only if they all
 * still hash the same. Writing the cache is best effort: a read-only home
 * costs the compile time, nothing else.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { makeDatatype } from './datatypes';
import { Grammar, type StoredGrammar } from './patterns';
import { compileGrammar } from './simplify';

/**
 * Bumped whenever the stored form or the simplification changes; the
 * package's version is part of it too, so that an upgrade never uses a
 * grammar an older simplifier made.
 */
const FORMAT = `rng-1/${packageVersion()}`;

function packageVersion(): string {
  try {
    return (JSON.parse(readFileSync(path.resolve(__dirname, '..', '..', '..', 'package.json'), 'utf8')) as { version?: string }).version ?? '';
  } catch {
    return '';
  }
}

interface Stored {
  format: string;
  /** Every file read, with the SHA-256 of its text. */
  sources: { file: string; sha: string }[];
  grammar: StoredGrammar;
}

const sha = (s: string): string => createHash('sha256').update(s).digest('hex');

const memory = new Map<string, Grammar>();

/** The folder of stored grammars, or undefined when caching on disk is off (EDITION_CACHE=off). */
export function cacheFolder(): string | undefined {
  if (process.env.EDITION_CACHE === 'off') return undefined;
  if (process.env.EDITION_CACHE_DIR) return process.env.EDITION_CACHE_DIR;
  const base = process.env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache');
  return path.join(base, 'tei-edition', 'grammars');
}

/**
 * The compiled grammar of the file at `schemaPath` (its text given, or read).
 * Throws GrammarError for an incorrect grammar, and the read error for a
 * file that cannot be read.
 */
export function loadGrammar(schemaPath: string, text?: string): Grammar {
  const file = path.resolve(schemaPath);
  const main = text ?? readFileSync(file, 'utf8');
  const key = sha(`${FORMAT}\u0000${file}\u0000${main}`);
  const known = memory.get(key);
  if (known) return known;
  const folder = cacheFolder();
  const stored = folder ? path.join(folder, `${key}.json`) : undefined;
  let g = stored ? fromDisk(stored, file) : undefined;
  if (!g) {
    const sources: { file: string; sha: string }[] = [{ file, sha: sha(main) }];
    const resolve = (url: string): string => {
      const t = readFileSync(fileURLToPath(url), 'utf8');
      sources.push({ file: fileURLToPath(url), sha: sha(t) });
      return t;
    };
    g = compileGrammar(pathToFileURL(file).href, resolve, main);
    if (stored) toDisk(stored, { format: FORMAT, sources, grammar: g.toJSON() });
  }
  // A long-lived process sees few grammars; more than a handful means they are generated: keep the last ones.
  if (memory.size >= 8) memory.delete(memory.keys().next().value as string);
  memory.set(key, g);
  return g;
}

function fromDisk(stored: string, file: string): Grammar | undefined {
  let data: Stored;
  try {
    data = JSON.parse(readFileSync(stored, 'utf8')) as Stored;
  } catch {
    return undefined;
  }
  if (data.format !== FORMAT || data.sources[0]?.file !== file) return undefined;
  for (const s of data.sources.slice(1)) {
    let t: string;
    try {
      t = readFileSync(s.file, 'utf8');
    } catch {
      return undefined;
    }
    if (sha(t) !== s.sha) return undefined;
  }
  try {
    return Grammar.fromJSON(data.grammar, (d) => makeDatatype(d.library, d.type, d.params));
  } catch {
    return undefined;
  }
}

function toDisk(stored: string, data: Stored): void {
  try {
    mkdirSync(path.dirname(stored), { recursive: true });
    // Written aside and renamed: a concurrent run never reads half a file.
    const tmp = `${stored}.${process.pid}.tmp`;
    writeFileSync(tmp, JSON.stringify(data));
    renameSync(tmp, stored);
  } catch {
    // Best effort (see above).
  }
}

/** Forget the grammars held in memory (tests). */
export function clearMemory(): void {
  memory.clear();
}

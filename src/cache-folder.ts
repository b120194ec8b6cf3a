import os from 'node:os';
import path from 'node:path';

/**
 * Where tei-edition keeps what it may compute again: compiled grammars
 * (check/rng/cache.ts) and compiled JavaScript (cli/code-cache.ts). Undefined
 * when caching on disk is off (EDITION_CACHE=off). EDITION_CACHE_DIR names
 * the grammars' folder, as it always has; the other kinds go inside it.
 * Node built-ins only: the code cache is installed before any other module.
 */
export function cacheFolder(kind: 'grammars' | 'code'): string | undefined {
  if (process.env.EDITION_CACHE === 'off') return undefined;
  const chosen = process.env.EDITION_CACHE_DIR;
  if (chosen) return kind === 'grammars' ? chosen : path.join(chosen, kind);
  const base = process.env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache');
  return path.join(base, 'tei-edition', kind);
}

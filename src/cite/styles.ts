import { readFileSync } from 'node:fs';
import path from 'node:path';
import { hasStyle, registerStyle } from './citation-js';
import { BUILTIN_STYLES, DEFAULT_STYLE } from './formats';

/**
 * CSL styles for the formatted ("text") citation. citation-js ships apa,
 * vancouver and harvard1; Chicago author-date, the default, is the official
 * CSL style kept in templates/csl/ (CC BY-SA 3.0: see the comment at its top).
 * A user's own style is any .csl file, given by path.
 */
export { BUILTIN_STYLES, DEFAULT_STYLE };

/** The project's CSL folder, from src/ or dist/ alike. */
export const CSL_DIR = path.resolve(__dirname, '../../templates/csl');

export class StyleError extends Error {}

/**
 * A style name or a .csl path → the name citation-js knows it by, registering
 * it on first use. Throws StyleError with a message fit for the user.
 */
export function resolveStyle(spec: string = DEFAULT_STYLE): string {
  const s = spec.trim();
  if (s === 'chicago-author-date') return register(s, path.join(CSL_DIR, 'chicago-author-date.csl'));
  if ((BUILTIN_STYLES as readonly string[]).includes(s)) return s;
  if (/\.csl$/i.test(s) || s.includes('/') || s.includes('\\')) return register(`file:${path.resolve(s)}`, s);
  throw new StyleError(`unknown citation style "${spec}": choose from ${BUILTIN_STYLES.join(', ')}, or give the path of a .csl file`);
}

function register(name: string, file: string): string {
  if (hasStyle(name)) return name;
  let xml: string;
  try {
    xml = readFileSync(file, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new StyleError(`cannot read the citation style ${file}${code === 'ENOENT' ? ': no such file' : code ? ` (${code})` : ''}`);
  }
  // citeproc-js fails late and cryptically on a file that is not a style: check the root first.
  if (!/<style\b[^>]*xmlns="http:\/\/purl\.org\/net\/xbiblio\/csl"/.test(xml)) {
    throw new StyleError(`${file} is not a CSL style (no <style xmlns="http://purl.org/net/xbiblio/csl">)`);
  }
  registerStyle(name, xml);
  return name;
}

/**
 * Our RELAX NG engine, for callers outside the validate/build layers (tests,
 * editors): compile a grammar (cached: loadGrammar), validate a text, ask
 * what may come at a place.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Grammar } from './patterns';
import { compileGrammar } from './simplify';
import { validateText, type RngFinding, type ValidateOptions } from './validator';

export { GrammarError } from './read-schema';
export { loadGrammar } from './cache';
export { possibleAt, type Possibilities } from './query';
export type { Grammar } from './patterns';
export type { RngFinding } from './validator';

/** Files are read from disk; a grammar may include or refer to others next to it. */
export const fileResolver = (url: string): string => readFileSync(fileURLToPath(url), 'utf8');

/** Compile without the cache (each call simplifies the grammar again). */
export function compileFile(schemaPath: string, text?: string): Grammar {
  return compileGrammar(pathToFileURL(schemaPath).href, fileResolver, text);
}

/** Validate a text; ID/IDREF checks on by default, as jing does. */
export function validate(g: Grammar, text: string, options: ValidateOptions = { ids: true }): RngFinding[] {
  return validateText(g, text, options);
}

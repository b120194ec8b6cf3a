/**
 * Our RELAX NG engine: compile a grammar file (once per content, see
 * cache.ts) and validate texts against it.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Grammar } from './patterns';
import { compileGrammar } from './simplify';
import { validateText, type RngFinding, type ValidateOptions } from './validator';

export { GrammarError } from './read-schema';
export type { RngFinding } from './validator';

/** Files are read from disk; a grammar may include or refer to others next to it. */
export const fileResolver = (url: string): string => readFileSync(fileURLToPath(url), 'utf8');

export function compileFile(schemaPath: string, text?: string): Grammar {
  return compileGrammar(pathToFileURL(schemaPath).href, fileResolver, text);
}

export function validate(g: Grammar, text: string, options: ValidateOptions = { ids: true }): RngFinding[] {
  return validateText(g, text, options);
}

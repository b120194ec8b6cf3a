/**
 * Where the shared reference material lives: `../shared` beside the checkout
 * (real TEI documents, tei_all.rng, the letter's source text), or wherever
 * TEI_EDITION_SHARED says. Tests that need it skip with one loud line when
 * it is absent: a fresh clone must pass `npm test` without it, and
 * `TEI_EDITION_SHARED=/nonexistent npx jest` is how to check that it does.
 */
import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';

export const SHARED = process.env.TEI_EDITION_SHARED
  ? path.resolve(process.env.TEI_EDITION_SHARED)
  : path.resolve(__dirname, '..', '..', 'shared');

/**
 * Say, on one line, that tests were skipped and why. Straight to stderr:
 * jest does not show the console output of a test file whose tests are all
 * skipped when it runs several files, so console.warn would be silent there.
 */
export function saySkipped(why: string): void {
  process.stderr.write(`SKIPPED: ${why}\n`);
}

/** Every `.xml` file under `dir`, sub-folders included (the corpus keeps some there), each folder in name order. */
export function xmlFilesUnder(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    const p = path.join(dir, name);
    if (statSync(p).isDirectory()) out.push(...xmlFilesUnder(p));
    else if (name.endsWith('.xml')) out.push(p);
  }
  return out;
}

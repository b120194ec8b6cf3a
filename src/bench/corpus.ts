import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/**
 * A synthetic corpus: n copies of one letter, each its own document (its own
 * local idno and URI, title and one changed word), so that a build makes n
 * distinct editions rather than n cache hits of one.
 */
export function makeCorpus(template: string, dir: string, n: number): string[] {
  const text = readFileSync(template, 'utf8');
  mkdirSync(dir, { recursive: true });
  const width = String(n).length;
  const files: string[] = [];
  for (let i = 1; i <= n; i++) {
    const num = String(i).padStart(width, '0');
    const file = path.join(dir, `letter-${num}.xml`);
    writeFileSync(file, variant(text, num));
    files.push(file);
  }
  return files;
}

/** The letter as document number `num`; `edit` makes a further change (for "one document changed" runs). */
export function variant(text: string, num: string, edit = ''): string {
  let t = text
    .replace(/(<idno type="local">)([^<]*)(<\/idno>)/, `$1$2-${num}$3`)
    .replace(/(<idno type="URI">)([^<]*)(<\/idno>)/, `$1$2-${num}$3`)
    .replace(/(<title(?: type="main")?>)([^<]*)(<\/title>)/, `$1$2 (no. ${num})$3`);
  // One word of the text itself, so that the documents differ beyond their headers.
  t = t.replace(/(<body>[\s\S]*?<p[^>]*>[^<]*?)\b(the|this)\b/, `$1$2 ${edit ? `${edit} ` : ''}[${num}]`);
  return t;
}

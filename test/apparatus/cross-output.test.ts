/**
 * Issue 14, deliver 8: for the letter and the corpus's apparatus documents,
 * the apparatus entries printed by the HTML (list and popovers, read in
 * Chromium), the plain text and the PDF (its footnotes, read with poppler)
 * are the same strings, entry by entry, in the default build, in the build
 * of every witness and, for the letter, in the diplomatic text. The large
 * pta0003 has its own file (cross-output-large.test.ts).
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { CORPUS, LETTER } from '../render-fixtures/tools';
import { compareOutputs, type Build } from './compare';

const every = (witnesses: string[]): Build[] => [
  { label: 'default', options: { mode: 'reading' }, pdf: true },
  ...witnesses.map((w): Build => ({ label: `--witness ${w}`, options: { mode: 'reading', witness: w }, pdf: true })),
];

compareOutputs('the letter', LETTER, () => [
  { label: 'default', options: { mode: 'reading' }, pdf: true },
  // The CLI's --text-mode diplomatic is the text's only; here the three writers are given the diplomatic model alike.
  { label: 'diplomatic', options: { mode: 'diplomatic' }, pdf: true },
  { label: '--witness KSL', options: { mode: 'reading', witness: 'KSL' }, pdf: true },
]);

for (const [name, file] of [
  ['pta0040', 'pta0040.pta001.grc1_apparatus.xml'],
  ['testapp2', 'teistylesheets_Test_testapp2.xml'],
]) {
  const full = path.join(CORPUS, file);
  compareOutputs(name, full, every, existsSync(full) ? undefined : `${full} not found (../shared absent)`);
}

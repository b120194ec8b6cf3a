/**
 * The cross-output apparatus comparison (see cross-output.test.ts) for the
 * corpus's large apparatus document, pta0003 (2,448 entries, 7 witnesses):
 * HTML and text for the default build and every witness, the PDF for the
 * default build only (its PDF takes 35–70 s to typeset).
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { CORPUS } from '../render-fixtures/tools';
import { compareOutputs, type Build } from './compare';

const file = path.join(CORPUS, 'pta0003.pta017.grc1_apparatus_large.xml');

compareOutputs('pta0003', file, (witnesses): Build[] => [
  { label: 'default', options: { mode: 'reading' }, pdf: true },
  ...witnesses.map((w): Build => ({ label: `--witness ${w}`, options: { mode: 'reading', witness: w }, pdf: false })),
], existsSync(file) ? undefined : `${file} not found (../shared absent)`);

/**
 * `npm run bench -- --rng-only` (and part of `npm run bench`): our RELAX NG
 * engine side by side with jing, in the same run, as ratios. The documents:
 * Kant (3 MB), Dingler (2.5 MB) and the Perseus Aeneid of ../shared/corpus,
 * and a generated 4 MB novel, with tei_all; the letter with the project
 * schema. Ours is the whole `edition validate` process (node start-up, the
 * grammar from the cache, reading, well-formedness, RELAX NG), as is jing's.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { makeNovel } from './novel';

export interface Timer {
  (label: string, cmd: string, args: string[], runs: number, env?: NodeJS.ProcessEnv): { medianMs: number; exit: number | null };
}

export function relaxngSideBySide(time: Timer, paths: { cli: string; shared: string; teiAll: string; letter: string; project: string; out: string }): void {
  if (spawnSync('jing', ['-h']).error !== undefined) {
    process.stdout.write('jing not installed (apt-get install jing): RELAX NG side-by-side skipped\n');
    return;
  }
  const w = (s: string): boolean => process.stdout.write(s);
  w('\nRELAX NG, our engine against jing (whole processes; ratio = ours / jing, below 1 is faster)\n');
  const novel = path.join(paths.out, 'novel-4mb.xml');
  writeFileSync(novel, makeNovel(4 * 1024 * 1024));
  const corpus = path.join(paths.shared, 'corpus');
  const big: [string, string][] = [
    ['Kant 3 MB', path.join(corpus, 'teipublisher_demo_kant_rvernunft_1781_DTA_large.xml')],
    ['Dingler 2.5 MB', path.join(corpus, 'dta_dingler_pj015_journal_large.xml')],
    ['Perseus Aeneid 0.7 MB', path.join(corpus, 'perseus_phi0690.phi003_aeneid_lat.xml')],
    ['generated novel 4 MB', novel],
  ];
  // One untimed run fills the grammar cache, as any earlier run on the machine would have.
  spawnSync(process.execPath, [paths.cli, 'validate', '--layers', 'xml,relaxng', '--schema', paths.teiAll, paths.letter]);
  spawnSync(process.execPath, [paths.cli, 'validate', '--layers', 'xml,relaxng', paths.letter]);
  const ratio = (a: number, b: number): string => `    ratio ${(a / b).toFixed(2)}\n`;
  for (const [name, file] of big) {
    if (!existsSync(file)) {
      w(`${name}: absent, skipped\n`);
      continue;
    }
    const ours = time(`validate --layers xml,relaxng ${name} (tei_all)`, 'node', [paths.cli, 'validate', '--layers', 'xml,relaxng', '--schema', paths.teiAll, file], 3);
    const jing = time(`jing tei_all ${name}`, 'jing', [paths.teiAll, file], 3);
    w(ratio(ours.medianMs, jing.medianMs));
    const all = time(`validate (all layers) ${name} (tei_all)`, 'node', [paths.cli, 'validate', '--schema', paths.teiAll, file], 1);
    w(ratio(all.medianMs, jing.medianMs));
  }
  const jingLetter = time('jing project schema, the letter', 'jing', [paths.project, paths.letter], 5);
  const oursLetter = time('validate --layers xml,relaxng the letter (project schema)', 'node', [paths.cli, 'validate', '--layers', 'xml,relaxng', paths.letter], 5);
  w(ratio(oursLetter.medianMs, jingLetter.medianMs));
  const allLetter = time('validate (all layers) the letter (project schema)', 'node', [paths.cli, 'validate', paths.letter], 5);
  w(ratio(allLetter.medianMs, jingLetter.medianMs));
  const libxml2 = time('validate (all layers) the letter, EDITION_RELAXNG=libxml2', 'node', [paths.cli, 'validate', paths.letter], 3, { EDITION_RELAXNG: 'libxml2' });
  w(ratio(libxml2.medianMs, jingLetter.medianMs));
}

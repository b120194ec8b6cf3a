/**
 * `npm run bench -- --rng-only` (and part of `npm run bench`): our RELAX NG
 * engine side by side with jing, in the same run, as ratios. The documents:
 * Kant (3 MB), Dingler (2.5 MB) and the Perseus Aeneid of ../shared/corpus,
 * and a generated 4 MB novel, with tei_all; the letter with the project
 * schema. Ours is the whole `edition validate` process (node start-up, the
 * grammar from the cache, reading, well-formedness, RELAX NG), as is jing's;
 * time and peak memory (GNU time's %M, for both) as ratios. With
 * `--validate-only`, also a corpus of 1,000 letters (corpusSideBySide).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { makeCorpus } from './corpus';
import { makeNovel } from './novel';

export interface Timer {
  /** maxRssMiB: peak resident memory over the runs, 0 when not measured. */
  (label: string, cmd: string, args: string[], runs: number, env?: NodeJS.ProcessEnv): { medianMs: number; exit: number | null; maxRssMiB: number };
}

interface Measured {
  medianMs: number;
  maxRssMiB: number;
}

/** Ours against jing's: time, and peak memory when both were measured. Below 1 is better. */
function ratio(ours: Measured, jing: Measured): string {
  const mem = ours.maxRssMiB > 0 && jing.maxRssMiB > 0
    ? `; memory ${ours.maxRssMiB.toFixed(0)} MiB against ${jing.maxRssMiB.toFixed(0)} MiB, ratio ${(ours.maxRssMiB / jing.maxRssMiB).toFixed(2)}`
    : '; memory not measured (no GNU time at /usr/bin/time)';
  return `    time ratio ${(ours.medianMs / jing.medianMs).toFixed(2)}${mem}\n`;
}

const hasJing = (): boolean => spawnSync('jing', ['-h']).error === undefined;

export function relaxngSideBySide(time: Timer, paths: { cli: string; shared: string; teiAll: string; letter: string; project: string; out: string }): void {
  if (!hasJing()) {
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
  for (const [name, file] of big) {
    if (!existsSync(file)) {
      w(`${name}: absent, skipped\n`);
      continue;
    }
    const ours = time(`validate --layers xml,relaxng ${name} (tei_all)`, 'node', [paths.cli, 'validate', '--layers', 'xml,relaxng', '--schema', paths.teiAll, file], 3);
    const jing = time(`jing tei_all ${name}`, 'jing', [paths.teiAll, file], 3);
    w(ratio(ours, jing));
    const all = time(`validate (all layers) ${name} (tei_all)`, 'node', [paths.cli, 'validate', '--schema', paths.teiAll, file], 1);
    w(ratio(all, jing));
  }
  const jingLetter = time('jing project schema, the letter', 'jing', [paths.project, paths.letter], 5);
  const oursLetter = time('validate --layers xml,relaxng the letter (project schema)', 'node', [paths.cli, 'validate', '--layers', 'xml,relaxng', paths.letter], 5);
  w(ratio(oursLetter, jingLetter));
  const allLetter = time('validate (all layers) the letter (project schema)', 'node', [paths.cli, 'validate', paths.letter], 5);
  w(ratio(allLetter, jingLetter));
  const libxml2 = time('validate (all layers) the letter, EDITION_RELAXNG=libxml2', 'node', [paths.cli, 'validate', paths.letter], 3, { EDITION_RELAXNG: 'libxml2' });
  w(ratio(libxml2, jingLetter));
}

/**
 * `edition validate` of a corpus of letters (makeCorpus: n distinct copies of
 * the letter), the whole process, against jing given the same files in one
 * run; and the same with libxml2 for RELAX NG (EDITION_RELAXNG=libxml2), the
 * engine before issue 18, for reference.
 */
export function corpusSideBySide(time: Timer, paths: { cli: string; letter: string; project: string; out: string }, n: number, runs = 3): void {
  const w = (s: string): boolean => process.stdout.write(s);
  const dir = path.join(paths.out, `letters-${n}`);
  const files = makeCorpus(paths.letter, dir, n);
  w(`\nvalidate, ${n} letters (the project schema; default --jobs: ${os.availableParallelism()} cores)\n`);
  // Untimed: fills the grammar cache, as any earlier run would have.
  spawnSync(process.execPath, [paths.cli, 'validate', paths.letter]);
  const jing = hasJing() ? time(`jing project schema, ${n} letters (one run)`, 'jing', [paths.project, ...files], runs) : undefined;
  const rng = time(`validate --layers xml,relaxng, ${n} letters`, 'node', [paths.cli, 'validate', '--layers', 'xml,relaxng', dir], runs);
  if (jing) w(ratio(rng, jing));
  const all = time(`validate (all layers), ${n} letters`, 'node', [paths.cli, 'validate', dir], runs);
  if (jing) w(ratio(all, jing));
  const one = time(`validate (all layers), ${n} letters, --jobs 1`, 'node', [paths.cli, 'validate', dir, '--jobs', '1'], runs);
  w(`    --jobs 1 takes ${(one.medianMs / all.medianMs).toFixed(2)}× the default's time\n`);
  const libxml2 = time(`validate (all layers), ${n} letters, EDITION_RELAXNG=libxml2`, 'node', [paths.cli, 'validate', dir], runs, { EDITION_RELAXNG: 'libxml2' });
  w(`    our engine takes ${(all.medianMs / libxml2.medianMs).toFixed(2)}× libxml2's time (both with the default --jobs)\n`);
  rmSync(dir, { recursive: true, force: true });
}

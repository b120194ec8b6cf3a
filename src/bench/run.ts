/**
 * `npm run bench`: whole-process timings of the CLI, as a user experiences
 * them (node start-up, schema compilation and all). Numbers go into the README's
 * Performance section; tests never assert times.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '..', '..');
const CLI = path.join(ROOT, 'dist', 'cli', 'main.js');
const SHARED = path.resolve(ROOT, '..', 'shared');
const TEI_ALL = path.join(SHARED, 'reference', 'tei_all.rng');
const LETTER = path.join(ROOT, 'tei', 'mett-1931-rolland.xml');
const KANT = path.join(SHARED, 'corpus', 'teipublisher_demo_kant_rvernunft_1781_DTA_large.xml');
const DINGLER = path.join(SHARED, 'corpus', 'dta_dingler_pj015_journal_large.xml');

interface Timing {
  label: string;
  medianMs: number;
  minMs: number;
  runs: number;
  exit: number | null;
}

function time(label: string, cmd: string, args: string[], runs: number): Timing {
  const ms: number[] = [];
  let exit: number | null = 0;
  for (let i = 0; i < runs; i++) {
    const t0 = process.hrtime.bigint();
    const r = spawnSync(cmd, args, { cwd: ROOT, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
    ms.push(Number(process.hrtime.bigint() - t0) / 1e6);
    exit = r.status;
  }
  ms.sort((a, b) => a - b);
  const t = { label, medianMs: ms[Math.floor(ms.length / 2)], minMs: ms[0], runs, exit };
  process.stdout.write(`${label.padEnd(64)} ${t.medianMs.toFixed(0).padStart(7)} ms median  ${t.minMs.toFixed(0).padStart(7)} ms min  (${runs} runs, exit ${exit})\n`);
  return t;
}

function main(): void {
  if (!existsSync(CLI)) throw new Error('run `npm run build` first');
  const out = mkdtempSync(path.join(os.tmpdir(), 'edition-bench-'));
  process.stdout.write(`machine: ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, node ${process.version}\n\n`);
  try {
    time('validate letter (project schema)', 'node', [CLI, 'validate', LETTER], 7);
    if (spawnSync('jing', ['-h']).error === undefined && existsSync(TEI_ALL)) {
      time('jing letter against tei_all.rng (for comparison)', 'jing', [TEI_ALL, LETTER], 5);
    } else {
      process.stdout.write('jing not installed (apt-get install jing) or ../shared absent: comparison skipped\n');
    }
    for (const f of ['html', 'txt', 'pdf']) time(`build letter --format ${f}`, 'node', [CLI, 'build', LETTER, '--format', f, '--out', out], 5);
    time('build letter, all formats', 'node', [CLI, 'build', LETTER, '--out', out], 5);
    if (existsSync(TEI_ALL)) {
      time('validate letter --schema tei_all.rng', 'node', [CLI, 'validate', LETTER, '--schema', TEI_ALL], 3);
      for (const [name, file] of [['Kant 3 MB', KANT], ['Dingler 2.5 MB', DINGLER]] as const) {
        time(`validate ${name} --schema tei_all.rng`, 'node', [CLI, 'validate', file, '--schema', TEI_ALL], 3);
        for (const f of ['html', 'txt', 'pdf']) {
          time(`build ${name} --format ${f} --schema tei_all.rng`, 'node', [CLI, 'build', file, '--format', f, '--schema', TEI_ALL, '--out', out], f === 'pdf' ? 1 : 3);
        }
      }
    } else {
      process.stdout.write('../shared absent: corpus benchmarks skipped\n');
    }
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}

main();

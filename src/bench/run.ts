/**
 * `npm run bench`: whole-process timings of the CLI, as a user experiences
 * them (node start-up, schema compilation and all), and peak memory. Numbers
 * go into the README's Performance section; tests never assert times.
 *
 * `npm run bench -- --corpus-only` skips the single-file timings;
 * `--skip-corpus` skips the 1,000-letter corpus; `--docs N` changes its size;
 * `--rng-only` runs only the RELAX NG side-by-side with jing (bench/rng.ts);
 * `--validate-only` that and `edition validate` of the corpus of letters
 * against jing (and against libxml2, EDITION_RELAXNG=libxml2).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { makeCorpus, variant } from './corpus';
import { corpusSideBySide, relaxngSideBySide } from './rng';

const ROOT = path.resolve(__dirname, '..', '..');
const CLI = path.join(ROOT, 'dist', 'cli', 'main.js');
const RSS = path.join(ROOT, 'dist', 'bench', 'rss.js');
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
  /** Peak resident memory of the whole process (all threads), MiB, the largest over the runs. */
  maxRssMiB: number;
  stdout: string;
  stderr: string;
}

function load(): string {
  return os.loadavg().map((l) => l.toFixed(2)).join(' ');
}

/**
 * GNU time, when installed: it measures any command's peak resident memory
 * (jing's JVM as well as our node), the same way for both. Without it, ours
 * comes from a preloaded hook (dist/bench/rss.js) and jing's is not measured.
 */
const GNU_TIME = existsSync('/usr/bin/time') && spawnSync('/usr/bin/time', ['-f', '%M', 'true'], { encoding: 'utf8' }).status === 0 ? '/usr/bin/time' : undefined;
const MAXRSS = /edition-bench-maxrss-kb (\d+)/;

function time(label: string, cmd: string, args: string[], runs: number, env: NodeJS.ProcessEnv = {}, before?: () => void): Timing {
  const ms: number[] = [];
  let exit: number | null = 0;
  let rss = 0;
  let stdout = '';
  let stderr = '';
  const isNode = cmd === 'node';
  const program = isNode ? process.execPath : cmd;
  const argv = isNode && !GNU_TIME ? ['-r', RSS, ...args] : args;
  for (let i = 0; i < runs; i++) {
    before?.();
    const t0 = process.hrtime.bigint();
    const r = spawnSync(GNU_TIME ?? program, GNU_TIME ? ['-f', '\nedition-bench-maxrss-kb %M', program, ...argv] : argv, {
      cwd: ROOT, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024, env: { ...process.env, ...env },
    });
    ms.push(Number(process.hrtime.bigint() - t0) / 1e6);
    exit = r.status;
    stdout = r.stdout;
    stderr = r.stderr;
    const m = MAXRSS.exec(r.stderr);
    if (m) rss = Math.max(rss, Number(m[1]) / 1024);
    // GNU time reports a command's non-zero status in a line of its own: not the command's output.
    stderr = stderr.replace(MAXRSS, '').replace(/^Command exited with non-zero status \d+\n/m, '');
  }
  ms.sort((a, b) => a - b);
  const t = { label, medianMs: ms[Math.floor(ms.length / 2)], minMs: ms[0], runs, exit, maxRssMiB: rss, stdout, stderr };
  const mem = rss > 0 ? `${rss.toFixed(0).padStart(5)} MiB peak` : '  memory not measured';
  process.stdout.write(`${label.padEnd(60)} ${t.medianMs.toFixed(0).padStart(7)} ms median ${t.minMs.toFixed(0).padStart(7)} ms min (${runs} run${runs === 1 ? '' : 's'}, exit ${exit}) ${mem}  [load ${load()}]\n`);
  return t;
}

function singleFiles(out: string): void {
  time('validate letter (project schema)', 'node', [CLI, 'validate', LETTER], 7);
  if (spawnSync('jing', ['-h']).error === undefined && existsSync(TEI_ALL)) {
    time('jing letter against tei_all.rng (for comparison)', 'jing', [TEI_ALL, LETTER], 5);
  } else {
    process.stdout.write('jing not installed (apt-get install jing) or ../shared absent: comparison skipped\n');
  }
  for (const f of ['html', 'txt', 'pdf']) time(`build letter --format ${f}`, 'node', [CLI, 'build', LETTER, '--format', f, '--out', out, '--force'], 5);
  time('build letter, all formats', 'node', [CLI, 'build', LETTER, '--out', out, '--force'], 5);
  if (existsSync(TEI_ALL)) {
    time('validate letter --schema tei_all.rng', 'node', [CLI, 'validate', LETTER, '--schema', TEI_ALL], 3);
    for (const [name, file] of [['Kant 3 MB', KANT], ['Dingler 2.5 MB', DINGLER]] as const) {
      time(`validate ${name} --schema tei_all.rng`, 'node', [CLI, 'validate', file, '--schema', TEI_ALL], 3);
      for (const f of ['html', 'txt', 'pdf']) {
        time(`build ${name} --format ${f} --schema tei_all.rng`, 'node', [CLI, 'build', file, '--format', f, '--schema', TEI_ALL, '--out', out, '--force'], f === 'pdf' ? 1 : 3);
      }
      time(`build ${name}, all formats, --schema tei_all.rng`, 'node', [CLI, 'build', file, '--schema', TEI_ALL, '--out', out, '--force'], 1);
    }
    // Both are refused by the edition rules (dangling pointers: Kant's catRef/@target, one ref/@target in Dingler),
    // so the builds above stop after validation. Copies without those pointers get through model and render.
    const kant = path.join(out, 'kant-renderable.xml');
    const dingler = path.join(out, 'dingler-renderable.xml');
    writeFileSync(kant, readFileSync(KANT, 'utf8').replace(/<catRef[^>]*\/>/g, ''));
    writeFileSync(dingler, readFileSync(DINGLER, 'utf8').replace(/target="#ar016031"/g, 'target="https://example.org/ar016031"'));
    for (const [name, file] of [['Kant', kant], ['Dingler', dingler]] as const) {
      const t = time(`build ${name} (pointers fixed), all formats, tei_all`, 'node', [CLI, 'build', file, '--schema', TEI_ALL, '--out', path.join(out, 'big'), '--force'], 1, { EDITION_PROFILE: '1' });
      process.stdout.write(profileOf(t));
    }
    const both = time('build both (pointers fixed) together, all formats, tei_all', 'node', [CLI, 'build', kant, dingler, '--schema', TEI_ALL, '--out', path.join(out, 'big'), '--force'], 1, { EDITION_PROFILE: '1' });
    process.stdout.write(profileOf(both));
  } else {
    process.stdout.write('../shared absent: corpus benchmarks skipped\n');
  }
}

/** The stage profile a build prints with EDITION_PROFILE=1 (ms summed over all threads). */
function profileOf(t: Timing): string {
  const m = /edition-profile (\{.*\})/.exec(t.stderr);
  if (!m) return '(no profile)';
  const p = JSON.parse(m[1]) as { stages: Record<string, number>; workers: number; planMs: number; runMs: number; finishMs: number };
  const built = Number(/built (\d+) of/.exec(t.stdout)?.[1] ?? '0') || 1;
  // RELAX NG's figure is the wall time of libxml2's runs, which overlap everything else: not a share of the work.
  const { relaxng, ...own } = p.stages;
  const total = Object.values(own).reduce((a, b) => a + b, 0);
  const parts = Object.entries(own).map(([k, v]) => `${k} ${(v / built).toFixed(1)} (${((100 * v) / total).toFixed(0)}%)`);
  return `    per document, ms of the workers' own time: ${parts.join(', ')}; RELAX NG (wall time, overlapping the stages above) ${(relaxng / built).toFixed(1)} ms wall\n    ${p.workers} worker(s); plan ${p.planMs} ms, run ${p.runMs} ms, finish (index, citations, manifest) ${p.finishMs} ms\n`;
}

function corpus(n: number): void {
  const base = mkdtempSync(path.join(os.tmpdir(), 'edition-bench-corpus-'));
  try {
    const src = path.join(base, 'tei');
    const files = makeCorpus(LETTER, src, n);
    const small = path.join(base, 'tei-100');
    makeCorpus(LETTER, small, Math.min(100, n));
    const out = path.join(base, 'out');
    const env = { EDITION_PROFILE: '1' };
    process.stdout.write(`\ncorpus: ${n} copies of the letter (${(readFileSync(files[0]).length / 1024).toFixed(0)} KiB each), default --jobs (${os.availableParallelism()})\n`);

    // Stage by stage, one thread, no overlap: where a document's CPU time goes.
    const prof = spawnSync(process.execPath, [path.join(ROOT, 'dist', 'bench', 'profile.js'), src, '128'], { cwd: ROOT, encoding: 'utf8' });
    process.stdout.write(`${prof.stdout}  [load ${load()}]\n\n`);
    const single = time('one letter of the corpus, cold, all formats (baseline)', 'node', [CLI, 'build', files[0], '--out', path.join(base, 'single'), '--force'], 3);
    const full = time(`full build, ${n} letters, all formats`, 'node', [CLI, 'build', src, '--out', out], 1, env, () => rmSync(out, { recursive: true, force: true }));
    process.stdout.write(`    ${((n * 1000) / full.medianMs).toFixed(1)} documents/s; ${(full.medianMs / n).toFixed(0)} ms per document = ${((100 * full.medianMs) / n / single.medianMs).toFixed(0)}% of a cold one-letter build\n`);
    process.stdout.write(profileOf(full));
    const none = time(`no-change rebuild, ${n} letters`, 'node', [CLI, 'build', src, '--out', out], 3);
    process.stdout.write(`    ${((100 * none.medianMs) / full.medianMs).toFixed(1)}% of the full build\n`);
    const changed = files[Math.floor(n / 2)];
    const original = readFileSync(changed, 'utf8');
    let k = 0;
    const one = time(`one letter changed, rebuild of ${n}`, 'node', [CLI, 'build', src, '--out', out], 3, {}, () => {
      writeFileSync(changed, variant(original, `edit${++k}`, `edit${k}`));
    });
    if (!/built 1 of/.test(one.stdout)) process.stdout.write(`    unexpected: ${one.stdout.trim()}\n`);
    const outNoPdf = path.join(base, 'out-html-txt');
    const noPdf = time(`full build, ${n} letters, --format html,txt`, 'node', [CLI, 'build', src, '--out', outNoPdf, '--format', 'html,txt'], 1, env);
    process.stdout.write(`    ${((n * 1000) / noPdf.medianMs).toFixed(1)} documents/s\n`);
    process.stdout.write(profileOf(noPdf));
    const outSmall = path.join(base, 'out-100');
    time(`full build, ${Math.min(100, n)} letters, all formats (memory vs corpus size)`, 'node', [CLI, 'build', small, '--out', outSmall], 1, env);
    const outOne = path.join(base, 'out-jobs1');
    const seq = time(`full build, ${Math.min(100, n)} letters, all formats, --jobs 1`, 'node', [CLI, 'build', small, '--out', outOne, '--jobs', '1'], 1, env);
    process.stdout.write(profileOf(seq));
  } finally {
    rmSync(base, { recursive: true, force: true });
  }
}

function main(): void {
  if (!existsSync(CLI) || !existsSync(RSS)) throw new Error('run `npm run build` first');
  const args = process.argv.slice(2);
  const docsArg = args.indexOf('--docs');
  const n = docsArg >= 0 ? Number(args[docsArg + 1]) : 1000;
  const out = mkdtempSync(path.join(os.tmpdir(), 'edition-bench-'));
  process.stdout.write(`machine: ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, node ${process.version}; load average ${load()}\n\n`);
  try {
    const rngPaths = { cli: CLI, shared: SHARED, teiAll: TEI_ALL, letter: LETTER, project: path.join(ROOT, 'schemas', 'tei-edition.rng'), out };
    if (args.includes('--rng-only')) return relaxngSideBySide(time, rngPaths);
    if (args.includes('--validate-only')) {
      if (existsSync(TEI_ALL)) relaxngSideBySide(time, rngPaths);
      return corpusSideBySide(time, rngPaths, n);
    }
    if (!args.includes('--corpus-only')) {
      singleFiles(out);
      if (existsSync(TEI_ALL)) relaxngSideBySide(time, rngPaths);
    }
    if (!args.includes('--skip-corpus')) {
      corpusSideBySide(time, rngPaths, n);
      corpus(n);
    }
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}

main();

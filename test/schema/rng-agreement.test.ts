/**
 * Our RELAX NG engine against jing (Debian's jing package): the same verdict
 * on every document of the shared corpus under tei_all and the project
 * schema, and on a few hundred mutations of the letter. jing is called once
 * per grammar with all the files (it starts in ~1 s; a document takes
 * milliseconds).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { CORPUS, LETTER, ROOT, SHARED, TEI_ALL, hasTool, testIf } from '../hardening/helpers';
import { loadText } from '../../src/parse/load';
import { compileFile, validate } from '../../src/check/rng';
import { mutate, prng } from './mutate';
import { makeNovel } from '../../src/bench/novel';

const PROJECT = path.join(ROOT, 'schemas', 'tei-edition.rng');
const haveJing = existsSync('/usr/bin/jing') || hasTool('jing');
const haveShared = existsSync(SHARED);
const MUTATIONS = 300;

/** jing's verdicts: the files it reports errors for, with their error count. */
function jing(schema: string, files: string[]): Map<string, number> {
  const r = spawnSync('jing', [schema, ...files], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  const errors = new Map<string, number>();
  for (const line of r.stdout.split('\n')) {
    const m = /^(.*?):\d+:\d+: (?:fatal )?error: /.exec(line);
    if (m) errors.set(path.resolve(m[1]), (errors.get(path.resolve(m[1])) ?? 0) + 1);
  }
  return errors;
}

function corpusFiles(): string[] {
  const list = (dir: string): string[] => (existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith('.xml')).map((f) => path.join(dir, f)) : []);
  return [...list(CORPUS), ...list(path.join(CORPUS, 'invalid')), ...list(path.join(CORPUS, 'casebooks', 'cases'))];
}

/** Our verdict on a file as the pipeline reads it (entities expanded, XIncludes resolved). */
async function ours(schema: ReturnType<typeof compileFile>, file: string): Promise<number | undefined> {
  const staged = await loadText(file);
  if (staged.text === undefined) return undefined;
  return validate(schema, staged.text).length;
}

describe('RELAX NG engine agrees with jing', () => {
  if (!haveJing) console.warn('SKIPPED: jing is not installed (apt-get install jing); the RELAX NG engine is not compared with it');
  if (!haveShared) console.warn(`SKIPPED: ${SHARED} is absent; the RELAX NG engine is not compared with jing on the corpus`);

  for (const [label, schema] of [['tei_all', TEI_ALL], ['the project schema', PROJECT]] as const) {
    testIf(haveJing && haveShared, 'jing or ../shared missing')(`on every corpus document under ${label}`, async () => {
      const files = corpusFiles();
      const g = compileFile(schema);
      const theirs = jing(schema, files);
      const disagree: string[] = [];
      let invalid = 0;
      for (const f of files) {
        const n = await ours(g, f);
        if (n === undefined) continue;
        const j = theirs.get(path.resolve(f)) ?? 0;
        if (j > 0) invalid++;
        if (n > 0 !== j > 0) disagree.push(`${path.relative(SHARED, f)}: ours ${n} findings, jing ${j} errors`);
      }
      console.log(`RELAX NG vs jing, corpus under ${label}: ${files.length - disagree.length}/${files.length} verdicts agree (${invalid} invalid for jing)`);
      expect(disagree).toEqual([]);
    }, 180_000);
  }

  testIf(haveJing && haveShared, 'jing or ../shared missing')('on the generated novel of the benchmarks (1 MB), under tei_all', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'edition-rng-novel-'));
    try {
      const file = path.join(dir, 'novel.xml');
      const text = makeNovel(1024 * 1024);
      writeFileSync(file, text);
      expect(jing(TEI_ALL, [file]).size).toBe(0);
      expect(validate(compileFile(TEI_ALL), text)).toEqual([]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);

  testIf(haveJing, 'jing missing')(`on ${MUTATIONS} mutations of the letter under the project schema and tei_all`, async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'edition-rng-'));
    try {
      const base = (await loadText(LETTER)).text!;
      const rand = prng(20261206);
      const files: { file: string; text: string; what: string }[] = [];
      for (let i = 0; i < MUTATIONS; i++) {
        const m = mutate(base, rand);
        const file = path.join(dir, `m${String(i).padStart(3, '0')}.xml`);
        writeFileSync(file, m.text);
        files.push({ file, ...m });
      }
      // tei_all comes from ../shared; without it, the mutations are judged under the project schema only (said above).
      for (const schema of haveShared ? [PROJECT, TEI_ALL] : [PROJECT]) {
        const g = compileFile(schema);
        const theirs = jing(schema, files.map((f) => f.file));
        const disagree: string[] = [];
        let invalid = 0;
        for (const f of files) {
          const n = validate(g, f.text).length;
          const j = theirs.get(path.resolve(f.file)) ?? 0;
          if (j > 0) invalid++;
          if (n > 0 !== j > 0) disagree.push(`${path.basename(f.file)} (${f.what}): ours ${n}, jing ${j}`);
        }
        console.log(`RELAX NG vs jing, ${files.length} mutations under ${path.basename(schema)}: ${files.length - disagree.length} verdicts agree (${invalid} invalid for jing)`);
        expect(disagree).toEqual([]);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 300_000);
});

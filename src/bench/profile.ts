/**
 * Where a document's time goes, stage by stage, measured one stage at a time
 * in one thread (a build overlaps RELAX NG with the other stages, which hides
 * its cost from a whole-run timing). Run by `npm run bench`; alone:
 * `node dist/bench/profile.js <folder> [n] [schema.rng]`.
 */
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { validateRelaxNG } from '../check/relaxng';
import { runRules } from '../check/rules';
import { loadSchematron } from '../check/schematron';
import { DEFAULT_SCHEMA, DEFAULT_SCHEMATRON } from '../check/validate';
import { buildEdition } from '../model/read-tei';
import { loadDocument, type LoadedDocument } from '../parse/load';
import { citations } from '../publish/citations';
import { renderers } from '../render/index';

type Stage = 'load' | 'relaxng' | 'schematron' | 'rules' | 'model' | 'html' | 'txt' | 'pdf';
const STAGES: Stage[] = ['load', 'relaxng', 'schematron', 'rules', 'model', 'html', 'txt', 'pdf'];

export async function profile(files: readonly string[], schema = DEFAULT_SCHEMA, batch = 64): Promise<{ perDoc: Record<Stage, number>; once: Record<string, number> }> {
  const total: Record<Stage, number> = { load: 0, relaxng: 0, schematron: 0, rules: 0, model: 0, html: 0, txt: 0, pdf: 0 };
  const once: Record<string, number> = {};
  const clock = async <T>(f: () => T | Promise<T>): Promise<[T, number]> => {
    const t0 = process.hrtime.bigint();
    const r = await f();
    return [r, Number(process.hrtime.bigint() - t0) / 1e6];
  };
  const [sch, schMs] = await clock(() => loadSchematron(DEFAULT_SCHEMATRON));
  once['schematron compile'] = schMs;
  // One throw-away document warms up what is compiled once per process (templates, Typst's fonts, Saxon).
  const warm = (await loadDocument(files[0])).document!;
  for (const f of ['html', 'txt', 'pdf'] as const) once[`${f} first document`] = (await clock(() => renderers[f](buildEdition(warm, { mode: 'reading' }), { citations })))[1];
  once['relaxng, 1 document'] = (await clock(() => validateRelaxNG([warm], schema)))[1];
  for (let i = 0; i < files.length; i += batch) {
    const docs: LoadedDocument[] = [];
    for (const f of files.slice(i, i + batch)) {
      const [r, ms] = await clock(() => loadDocument(f));
      total.load += ms;
      docs.push(r.document!);
    }
    total.relaxng += (await clock(() => validateRelaxNG(docs, schema)))[1];
    for (const d of docs) {
      total.schematron += (await clock(() => sch.run(d)))[1];
      total.rules += (await clock(() => runRules(d)))[1];
      const [e, ms] = await clock(() => buildEdition(d, { mode: 'reading' }));
      total.model += ms;
      for (const f of ['html', 'txt', 'pdf'] as const) total[f] += (await clock(() => renderers[f](e, { citations })))[1];
    }
  }
  const perDoc = Object.fromEntries(STAGES.map((s) => [s, total[s] / files.length])) as Record<Stage, number>;
  return { perDoc, once };
}

export function formatProfile(p: { perDoc: Record<Stage, number>; once: Record<string, number> }, label: string): string {
  const sum = STAGES.reduce((a, s) => a + p.perDoc[s], 0);
  const rows = STAGES.map((s) => `    ${s.padEnd(11)} ${p.perDoc[s].toFixed(1).padStart(7)} ms ${((100 * p.perDoc[s]) / sum).toFixed(0).padStart(3)}%`);
  const onceRows = Object.entries(p.once).map(([k, v]) => `    ${k.padEnd(24)} ${v.toFixed(0).padStart(6)} ms`);
  return `${label}: ${sum.toFixed(0)} ms per document, one thread\n${rows.join('\n')}\n  once per process (or per batch):\n${onceRows.join('\n')}\n`;
}

if (require.main === module) {
  const [dir, n, schema] = process.argv.slice(2);
  const files = readdirSync(dir).filter((f) => f.endsWith('.xml')).sort().slice(0, Number(n ?? 100)).map((f) => path.join(dir, f));
  void profile(files, schema ?? DEFAULT_SCHEMA).then((p) => process.stdout.write(formatProfile(p, `${files.length} documents of ${dir}`)));
}

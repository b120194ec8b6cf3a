/**
 * James Clark's RELAX NG test suite (../shared/reference/relaxng-spectest.xml)
 * run against our engine: incorrect grammars must be refused, valid instances
 * accepted and invalid ones rejected. Resources of a case are served from
 * memory.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { SHARED } from '../hardening/helpers';
import { compileGrammar } from '../../src/check/rng/simplify';
import { GrammarError } from '../../src/check/rng/read-schema';
import { validateText } from '../../src/check/rng/validator';

const SUITE = path.join(SHARED, 'reference', 'relaxng-spectest.xml');
const present = existsSync(SUITE);
if (!present) console.warn(`SKIPPED: the RELAX NG test suite is not at ${SUITE}`);

interface Case {
  n: number;
  section: string;
  resources: Map<string, string>;
  grammar: string;
  correct: boolean;
  valid: string[];
  invalid: string[];
}

/**
 * The suite is read as text, not with a DOM: it is not namespace-well-formed
 * (an instance is an element named xmlns) and xmldom refuses it. Cases,
 * resources and instances never nest their own kind, so their text is cut
 * out between tags; the one internal entity (&dii;) is expanded by hand.
 */
function cases(): Case[] {
  const text = readFileSync(SUITE, 'utf8').replace(/&dii;/g, '<\u0E14\u0E35/>');
  const out: Case[] = [];
  const re = /<testCase>([\s\S]*?)<\/testCase>/g;
  let n = 0;
  for (let m = re.exec(text); m; m = re.exec(text), n++) {
    const body = m[1];
    const base = `file:///case${n}/`;
    const resources = new Map<string, string>();
    // Resources, with the folders (dir) they are in.
    const dirs: string[] = [];
    const tok = /<dir name="([^"]*)">|<\/dir>|<resource name="([^"]*)">([\s\S]*?)<\/resource>/g;
    for (let t = tok.exec(body); t; t = tok.exec(body)) {
      if (t[1] !== undefined) dirs.push(t[1]);
      else if (t[0] === '</dir>') dirs.pop();
      else resources.set(base + dirs.map((d) => `${d}/`).join('') + t[2], t[3].trim());
    }
    const part = (tag: string): string[] => [...body.matchAll(new RegExp(`<${tag}>([\\s\\S]*?)</${tag}>`, 'g'))].map((x) => x[1].trim());
    const correct = part('correct');
    out.push({
      n,
      section: /<section>([^<]*)<\/section>/.exec(body)?.[1] ?? '',
      resources,
      grammar: correct[0] ?? part('incorrect')[0] ?? '',
      correct: correct.length > 0,
      valid: part('valid'),
      invalid: part('invalid'),
    });
  }
  return out;
}

/** The verdicts of one case, as "ok" or what went wrong. */
function run(c: Case): string[] {
  const problems: string[] = [];
  const url = `file:///case${c.n}/schema.rng`;
  const resolve = (u: string): string => {
    const t = c.resources.get(u);
    if (t === undefined) throw new Error(`no resource ${u}`);
    return t;
  };
  let g;
  try {
    g = compileGrammar(url, resolve, c.grammar);
  } catch (e) {
    if (!(e instanceof GrammarError)) return [`crash: ${(e as Error).stack}`];
    if (c.correct) problems.push(`correct grammar refused: ${e.message}`);
    return problems;
  }
  if (!c.correct) return ['incorrect grammar accepted'];
  for (const v of c.valid) {
    const f = validateText(g, v);
    if (f.length > 0) problems.push(`valid instance rejected: ${v.slice(0, 80)} → ${f[0].message}`);
  }
  for (const v of c.invalid) if (validateText(g, v).length === 0) problems.push(`invalid instance accepted: ${v.slice(0, 80)}`);
  return problems;
}

(present ? describe : describe.skip)('RELAX NG test suite', () => {
  it('passes every case', () => {
    const all = cases();
    const failures = all.map((c) => ({ c, p: run(c) })).filter((x) => x.p.length > 0);
    const instances = all.reduce((n, c) => n + c.valid.length + c.invalid.length, 0);
    console.log(`RELAX NG test suite: ${all.length - failures.length}/${all.length} cases pass (${instances} instances)`);
    for (const f of failures) console.log(`case ${f.c.n} (§${f.c.section}) ${f.c.correct ? 'correct' : 'incorrect'}:\n  ${f.p.join('\n  ')}\n  ${f.c.grammar.replace(/\n/g, '\n  ')}`);
    expect(failures.map((f) => f.c.n)).toEqual([]);
    expect(all.length).toBe(385);
  });
});

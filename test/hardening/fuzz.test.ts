/**
 * Property tests: random mutations of the Mett–Rolland letter (elements
 * deleted, duplicated or moved, attributes corrupted, hostile text inserted
 * in text nodes or anywhere in the file, raw bytes spliced in) never make
 * the pipeline throw. Most runs are in-process (parse, rules, Schematron,
 * model in both modes, HTML and text); one batch goes through validateFiles
 * (one RELAX NG compilation for all); a handful go through the whole CLI,
 * PDF included, where the exit code must be 0–2 and the outputs complete or
 * absent. The seed is fixed: a failure is reproducible.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { DOMParser, XMLSerializer } from '@xmldom/xmldom';
import fc from 'fast-check';
import type { Diagnostic } from '../../src/diagnostic';
import { runRules } from '../../src/check/rules';
import { loadSchematron } from '../../src/check/schematron';
import { DEFAULT_SCHEMATRON, validateFiles } from '../../src/check/validate';
import { buildEdition } from '../../src/model/read-tei';
import { parseDocument } from '../../src/parse/load';
import { renderHtml } from '../../src/render/html';
import { renderText } from '../../src/render/text';
import { RenderError } from '../../src/render/types';
import { edition, expectClean, LETTER, listAll, tmp } from './helpers';

const SEED = 20_261_127;
export const RUNS = { inProcess: 120, validateBatch: 40, cli: 6 };

const SOURCE = readFileSync(LETTER, 'utf8');

type Op =
  | { k: 'delete'; i: number }
  | { k: 'duplicate'; i: number }
  | { k: 'move'; i: number; j: number }
  | { k: 'attr'; i: number; a: number; v: string }
  | { k: 'text'; i: number; s: string }
  | { k: 'raw'; at: number; s: string }
  | { k: 'bytes'; at: number; b: number[] };

const piece = fc.constantFrom(
  '<', '>', '&', '"', "'", ']]>', '&amp;', '&#0;', '&#x1;', '&#xD800;', '&#65;', '\u0000', '\u0001', '\u001f', '\ud800', '\udfff', '\ufffe',
  '&undefined;', '<!--', '-->', '<![CDATA[', '\r', '\r\n', '\u2028', '\u0085', 'javascript:', '#read("/etc/passwd")', '\t', '</p>', '<hi>',
  'xml:id="p1"', '<xi:include href="/etc/passwd"/>', '<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>', ' ', 'a', 'é', '𝔄', '\u200b',
);
const hostile = fc.array(fc.oneof(piece, fc.string({ maxLength: 6 })), { minLength: 1, maxLength: 8 }).map((a) => a.join(''));

const structural: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ k: fc.constant('delete' as const), i: fc.nat() }),
  fc.record({ k: fc.constant('duplicate' as const), i: fc.nat() }),
  fc.record({ k: fc.constant('move' as const), i: fc.nat(), j: fc.nat() }),
  fc.record({ k: fc.constant('attr' as const), i: fc.nat(), a: fc.nat(), v: hostile }),
  fc.record({ k: fc.constant('text' as const), i: fc.nat(), s: hostile }),
  fc.record({ k: fc.constant('raw' as const), at: fc.nat(), s: hostile }),
  fc.record({ k: fc.constant('bytes' as const), at: fc.nat(), b: fc.array(fc.integer({ min: 0, max: 255 }), { minLength: 1, maxLength: 4 }) }),
);
/** Text changes only: the document stays well-formed and mostly valid, so the renderers get to run. */
const gentle: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ k: fc.constant('text' as const), i: fc.nat(), s: hostile }),
  fc.record({ k: fc.constant('attr' as const), i: fc.nat(), a: fc.nat(), v: hostile }),
);
const mutations = fc.array(structural, { minLength: 1, maxLength: 4 });
const gentleMutations = fc.array(gentle, { minLength: 1, maxLength: 3 });

function elementsOf(root: Element): Element[] {
  const out: Element[] = [];
  const stack: Element[] = [root];
  while (stack.length > 0) {
    const e = stack.pop()!;
    if (e !== root) out.push(e);
    for (let c = e.lastChild; c; c = c.previousSibling) if (c.nodeType === 1) stack.push(c as Element);
  }
  return out;
}

/** The letter with the mutations applied: tree operations first, then text and bytes. */
export function mutate(ops: readonly Op[]): Buffer {
  // xmldom's own types differ slightly from lib.dom's; the DOM API used here is common to both.
  const doc = new DOMParser().parseFromString(SOURCE, 'text/xml') as unknown as Document;
  const root = doc.documentElement;
  for (const op of ops) {
    const els = elementsOf(root);
    if (els.length === 0) break;
    const el = 'i' in op ? els[op.i % els.length] : undefined;
    switch (op.k) {
      case 'delete':
        el!.parentNode?.removeChild(el!);
        break;
      case 'duplicate':
        el!.parentNode?.insertBefore(el!.cloneNode(true), el!.nextSibling);
        break;
      case 'move': {
        const to = els[op.j % els.length];
        let inside = false;
        for (let p: Node | null = to; p; p = p.parentNode) if (p === el) inside = true;
        if (!inside) to.appendChild(el!);
        break;
      }
      case 'attr': {
        const attrs = el!.attributes;
        if (attrs.length > 0) el!.setAttribute(attrs[op.a % attrs.length].name, op.v);
        else el!.setAttribute('rend', op.v);
        break;
      }
      case 'text':
        el!.insertBefore(doc.createTextNode(op.s), el!.firstChild);
        break;
      default:
        break;
    }
  }
  let text = new XMLSerializer().serializeToString(doc as unknown as Parameters<XMLSerializer['serializeToString']>[0]);
  for (const op of ops) if (op.k === 'raw') text = text.slice(0, op.at % (text.length + 1)) + op.s + text.slice(op.at % (text.length + 1));
  let bytes = Buffer.from(text, 'utf8');
  for (const op of ops) {
    if (op.k !== 'bytes') continue;
    const at = op.at % (bytes.length + 1);
    bytes = Buffer.concat([bytes.subarray(0, at), Buffer.from(op.b), bytes.subarray(at)]);
  }
  return bytes;
}

function wellFormedDiagnostic(d: Diagnostic): void {
  expect(typeof d.message).toBe('string');
  expect(d.message.length).toBeGreaterThan(0);
  expect(typeof d.ruleId).toBe('string');
  expect(Number.isInteger(d.line) && d.line >= 0 && Number.isInteger(d.column) && d.column >= 0).toBe(true);
}

const schematron = loadSchematron(DEFAULT_SCHEMATRON);

const stats = { runs: 0, parsed: 0, clean: 0 };

/** Every in-process stage over one mutant; only a RenderError (reported as a finding by the build) may come out. */
function pipeline(bytes: Buffer, withSchematron: boolean): void {
  stats.runs++;
  const r = parseDocument('mutant.xml', bytes);
  r.diagnostics.forEach(wellFormedDiagnostic);
  if (!r.document) {
    expect(r.diagnostics.some((d) => d.severity === 'error')).toBe(true);
    return;
  }
  stats.parsed++;
  const found = runRules(r.document);
  found.forEach(wellFormedDiagnostic);
  if (!found.some((d) => d.severity === 'error')) stats.clean++;
  if (withSchematron) schematron.run(r.document).forEach(wellFormedDiagnostic);
  for (const mode of ['reading', 'diplomatic'] as const) {
    const e = buildEdition(r.document, { mode });
    for (const render of [renderHtml, renderText]) {
      try {
        for (const f of render(e, {})) expect(typeof f.data === 'string' ? f.data.length : f.data.byteLength).toBeGreaterThan(0);
      } catch (err) {
        if (!(err instanceof RenderError)) throw err;
      }
    }
  }
}

describe('random mutations of the letter never make the pipeline throw', () => {
  test(`in-process: parse, rules, Schematron, model, HTML and text (${RUNS.inProcess} runs, seed ${SEED})`, () => {
    let n = 0;
    fc.assert(
      fc.property(fc.oneof(mutations, gentleMutations), (ops) => {
        pipeline(mutate(ops), n++ % 4 === 0);
      }),
      { seed: SEED, numRuns: RUNS.inProcess },
    );
    // Most mutants must still reach the model and the renderers, or the property proves little.
    console.log(`hardening fuzz: ${stats.runs} in-process runs, ${stats.parsed} parsed to a tree, ${stats.clean} without rule errors`);
    expect(stats.parsed).toBeGreaterThan(stats.runs / 3);
  });

  test(`validateFiles over a batch of ${RUNS.validateBatch} mutants (one RELAX NG run)`, async () => {
    const dir = tmp('edition-fuzz-');
    const samples = fc.sample(fc.oneof(mutations, gentleMutations), { seed: SEED + 1, numRuns: RUNS.validateBatch });
    const files = samples.map((ops, i) => {
      const f = path.join(dir, `m${i}.xml`);
      writeFileSync(f, mutate(ops));
      return f;
    });
    const results = await validateFiles(files, { keepDocuments: false });
    expect(results.map((r) => r.file)).toEqual(files);
    for (const r of results) {
      r.diagnostics.forEach(wellFormedDiagnostic);
      expect(r.ioError).toBe(false);
    }
  });

  test(`the whole CLI, PDF included (${RUNS.cli} runs): exit 0–2, outputs complete or absent`, () => {
    const samples = [
      ...fc.sample(gentleMutations, { seed: SEED + 2, numRuns: RUNS.cli / 2 }),
      ...fc.sample(mutations, { seed: SEED + 3, numRuns: RUNS.cli / 2 }),
    ];
    const codes: number[] = [];
    samples.forEach((ops, i) => {
      const dir = tmp('edition-fuzz-cli-');
      const f = path.join(dir, 'mutant.xml');
      writeFileSync(f, mutate(ops));
      const out = path.join(dir, 'out');
      const r = edition(['build', f, '--out', out, '--format', 'html,txt,pdf']);
      expectClean(r);
      codes.push(r.code!);
      const mine = listAll(out).filter((x) => !x.startsWith('assets/') && x !== '.edition-manifest.json');
      if (r.code === 0) {
        // The edition's id comes from its idno, which a mutation may change: find the page, then its siblings.
        const page = mine.find((x) => x.endsWith('.html'));
        expect(page).toBeDefined();
        const id = page!.replace(/\.html$/, '');
        const html = readFileSync(path.join(out, `${id}.html`), 'utf8');
        expect(html.trimEnd().endsWith('</html>')).toBe(true);
        expect(readFileSync(path.join(out, `${id}.txt`), 'utf8').length).toBeGreaterThan(0);
        const pdf = readFileSync(path.join(out, `${id}.pdf`));
        expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
        expect(pdf.subarray(-8).toString('latin1')).toContain('%%EOF');
      } else {
        expect(`run ${i}: ${mine.join(', ')}`).toBe(`run ${i}: `);
      }
    });
    // At least one mutant is still a valid edition, so the renderers ran through the CLI.
    console.log(`hardening fuzz: CLI exit codes ${codes.join(', ')}`);
    expect(codes).toContain(0);
  });
});

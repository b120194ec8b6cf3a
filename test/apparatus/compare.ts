/**
 * The cross-output comparison itself, shared by the two test files (the
 * large document has a file of its own, so that jest can run it beside the
 * others).
 */
import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';
import type { Edition, ModelOptions } from '../../src/model/types';
import { CHROMIUM } from '../html/helpers';
import { hasTool } from '../render-fixtures/tools';
import { saySkipped } from '../shared';
import { tempDir } from '../temp';
import { findFootnote, htmlEntries, model, pdfEntries, textEntries } from './outputs';

export interface Build {
  label: string;
  options: ModelOptions;
  pdf: boolean;
}

const BROWSER = existsSync(CHROMIUM);

const POPPLER = hasTool('pdftotext');

/**
 * One describe per document: a test per build (the default, `--witness` for
 * each witness, and any extra mode), each comparing the entries of the
 * plain text, the HTML (list and popovers) and the PDF, entry by entry.
 */
export function compareOutputs(name: string, file: string, builds: (witnesses: string[]) => Build[], missing?: string): void {
  describe(`${name}: the same apparatus entries in HTML, text and PDF`, () => {
    if (missing) {
      saySkipped(`${name} (cross-output apparatus): ${missing}`);
      test.skip('needs ' + file, () => undefined);
      return;
    }
    if (!BROWSER) saySkipped(`${name} (cross-output apparatus): ${CHROMIUM} not found, the HTML side is not compared`);
    if (!POPPLER) saySkipped(`${name} (cross-output apparatus): pdftotext (poppler-utils) not found, the PDF side is not compared`);
    let browser: Browser | undefined;
    let witnesses: string[] = [];
    beforeAll(async () => {
      // By id: the model matches --witness against @wit (a siglum that differs from the id, pta0003's "393" for m393, is the CLI's to map).
      witnesses = (await model(file, { mode: 'reading' })).witnesses.map((w) => w.id);
      if (BROWSER) browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox'] });
    });
    afterAll(async () => {
      await browser?.close();
    });
    // The witnesses are known only once the document is read: the builds are one test, reporting each build's mismatches.
    test('every build, entry by entry', async () => {
      const problems: string[] = [];
      for (const b of builds(witnesses)) {
        const e = await model(file, b.options);
        expect(e.apparatus.length).toBeGreaterThan(0);
        problems.push(...(await compareBuild(e, b, browser)).map((p) => `${b.label}: ${p}`));
      }
      expect(problems.slice(0, 12)).toEqual([]);
    }, 300_000);
  });
}

async function compareBuild(e: Edition, b: Build, browser: Browser | undefined): Promise<string[]> {
  const problems: string[] = [];
  // Chromium and Typst work in processes of their own: both are started before the text is rendered here.
  const htmlP = browser ? htmlEntries(e, browser, tempDir('edition-apparatus-')) : undefined;
  const pdfP = b.pdf && POPPLER ? pdfEntries(e) : undefined;
  const txt = new Map(textEntries(e));
  if (txt.size !== e.apparatus.length) problems.push(`the text lists ${txt.size} entries of ${e.apparatus.length}`);
  if (htmlP) {
    const html = await htmlP;
    if (html.list.size !== txt.size) problems.push(`the HTML lists ${html.list.size} entries, the text ${txt.size}`);
    for (const [n, t] of txt) {
      if (html.list.get(n) !== t) problems.push(`entry ${n}: text «${t}», HTML «${html.list.get(n)}»`);
    }
    for (const [n, h] of html.popovers) {
      if (h !== txt.get(n)) problems.push(`entry ${n}: text «${txt.get(n)}», HTML popover «${h}»`);
    }
  }
  if (pdfP) {
    const nOf = new Map(e.apparatus.map((a) => [a.id, a.n]));
    const text = (ids: string[], sep: string): string => ids.map((id) => txt.get(nOf.get(id)!)).join(sep);
    const pdf = await pdfP;
    // In order; one out of order (a footnote Typst set on a later page) is looked for from the start.
    const used = new Set<number>();
    let pos = 0;
    pdf.calls.forEach((ids, i) => {
      const expected = text(ids, ' ');
      const found = findFootnote(pdf.lines, expected, pos, used) ?? findFootnote(pdf.lines, expected, 0, used);
      if (found) {
        found.forEach((l) => used.add(l));
        pos = found[found.length - 1] + 1;
      } else {
        const there = pdf.lines.slice(pos).find((l) => /^(p\. \d+, )?(\d+(–\d+)?|–) /.test(l));
        problems.push(`PDF footnote ${i + 1} (entries ${ids.map((id) => nOf.get(id)).join(', ')}): text «${expected}» is not in the PDF; next footnote there: «${there}»`);
      }
    });
    // In a note, an entry follows its lemma in angle brackets, its nested entries after "; ".
    for (const ids of pdf.inNotes) {
      const expected = `⟨${text(ids, '; ')}⟩`;
      if (!pdf.all.includes(expected)) problems.push(`PDF note: «${expected}» not printed`);
    }
  }
  return problems;
}

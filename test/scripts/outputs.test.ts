/**
 * Every script in the real outputs: PDFs read back with pdftotext/pdffonts,
 * pages laid out by Chromium, diagnostics from the CLI. The fixtures in
 * test/fixtures/scripts, the Syriac and Greek apparatus documents of
 * ../shared/corpus and the Mett–Rolland letter.
 *
 * Tools missing (poppler, chromium) or ../shared absent: the tests concerned
 * skip with one loud line each.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser } from 'playwright-core';
import { buildEdition } from '../../src/model/read-tei';
import type { Edition } from '../../src/model/types';
import { loadDocument } from '../../src/parse/load';
import { renderHtml } from '../../src/render/html';
import { renderPdfWithReport } from '../../src/render/pdf';
import { renderText } from '../../src/render/text';
import { CORPUS, edition as cli, LETTER, TEI_ALL, testIf } from '../hardening/helpers';
import { CHROMIUM, chromiumAvailable } from '../html/helpers';
import { hasTool, pdfText, poppler } from '../render-fixtures/tools';

const FIXTURES = path.resolve(__dirname, '../fixtures/scripts');
const SYRIAC = path.join(CORPUS, 'pta9999.pta031.syc1_syriac.xml');
const GREEK = path.join(CORPUS, 'pta0040.pta001.grc1_apparatus.xml');
const GREEK_LARGE = path.join(CORPUS, 'pta0003.pta017.grc1_apparatus_large.xml');
const POPPLER = hasTool('pdftotext') && hasTool('pdffonts');
const BROWSER = chromiumAvailable();
const SHARED = existsSync(SYRIAC) && existsSync(GREEK);
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update'];

async function model(file: string): Promise<Edition> {
  const loaded = await loadDocument(file);
  if (!loaded.document) throw new Error(`${file} does not load`);
  return buildEdition(loaded.document, { mode: 'reading' });
}

const letters = (s: string): string[] => [...s.normalize('NFC').replace(/\p{M}/gu, '').matchAll(/\p{L}/gu)].map((m) => m[0]).sort();

/** The sample of each script in scripts.xml (paragraph id → text). */
function samples(): Record<string, string> {
  const xml = readFileSync(path.join(FIXTURES, 'scripts.xml'), 'utf8');
  return Object.fromEntries([...xml.matchAll(/<p xml:id="([a-z]+)" xml:lang="[^"]+">([^<]+)<\/p>/g)].map((m) => [m[1], m[2]]));
}

describe('PDF: a sample of every script', () => {
  let pdf: Uint8Array;
  let text = '';
  let warnings: string[] = [];

  beforeAll(async () => {
    if (!POPPLER) return;
    const report = await renderPdfWithReport(await model(path.join(FIXTURES, 'scripts.xml')), {});
    pdf = report.files[0].data as Uint8Array;
    warnings = report.warnings.map((w) => w.message);
    text = pdfText(pdf);
  });

  testIf(POPPLER, 'pdftotext/pdffonts (poppler-utils) not installed')('each script’s sample is set in its own font, and no character is missing', () => {
    expect(warnings).toEqual([]);
    expect(text).not.toContain('\uFFFD');
    const fonts = poppler('pdffonts', pdf);
    for (const face of ['LibertinusSerif', 'NotoSerif-', 'NotoSerifHebrew', 'NotoNaskhArabic', 'NotoSansSyriac', 'NotoSansCoptic', 'NotoSerifArmenian', 'NotoSerifGeorgian', 'NotoSerifDevanagari', 'NotoSansHans', 'NotoSerifThai']) {
      expect(fonts).toContain(face);
    }
    // Every font embedded (PDF/A), none taken from the system.
    expect(fonts).not.toMatch(/DejaVu|Liberation|FreeSerif/);
  });

  testIf(POPPLER, 'pdftotext (poppler-utils) not installed')('pdftotext gets back every letter of every sample (left-to-right ones in order)', () => {
    const all = letters(text);
    for (const [id, sample] of Object.entries(samples())) {
      const missing = letters(sample).filter((l) => !all.includes(l));
      expect(`${id}: ${missing.join('')}`).toBe(`${id}: `);
    }
    const flat = text.replace(/\s+/g, ' ');
    for (const id of ['greek', 'armenian', 'georgian', 'coptic', 'cjk']) expect(flat).toContain(samples()[id]);
    expect(flat).toContain('ꝑ ꝓ ꝗ ꝯ ꝰ ꝭ ẜ ſ');
  });
});

describe('PDF: characters no font covers are diagnostics', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'edition-script-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  test('located (file:line:col, element, code point), a warning by default (exit 0), in the text and JSON reports', () => {
    const doc = readFileSync(path.join(FIXTURES, 'scripts.xml'), 'utf8').replace(
      '<p xml:id="thai"',
      // A MUFI private-use character (no font of the project covers the PUA).
      '<p xml:id="mufi">Abbreviation \uE5DC here.</p>\n      <p xml:id="thai"',
    );
    const file = path.join(dir, 'mufi.xml');
    writeFileSync(file, doc);
    const line = doc.split('\n').findIndex((l) => l.includes('xml:id="mufi"')) + 1;
    const r = cli(['build', file, '--format', 'pdf', '--out', path.join(dir, 'out')]);
    expect(r.code).toBe(0);
    expect(r.stderr + r.stdout).not.toContain('TEI_EDITION_TYPST');
    expect(r.stderr + r.stdout).toContain(`${file}:${line}:7: warning: PDF: no font covers U+E5DC: printed as \uFFFD (in <p> xml:id="mufi") [pdf-missing-glyph]`);
    const json = cli(['build', file, '--format', 'pdf', '--out', path.join(dir, 'out'), '--report', 'json', '--force']);
    // The JSON report goes to stdout, the build summary to stderr.
    const found = JSON.stringify(JSON.parse(json.stdout));
    expect(found).toContain('"ruleId":"pdf-missing-glyph"');
    expect(found).toContain(`"line":${line}`);
  });
});

describe('PDF, HTML and text of the token-encoded fixture', () => {
  testIf(POPPLER, 'pdftotext (poppler-utils) not installed')('the PDF reads "short, of our house" too', async () => {
    const report = await renderPdfWithReport(await model(path.join(FIXTURES, 'eltec-tokens.xml')), {});
    const text = pdfText(report.files[0].data as Uint8Array).replace(/\s+/g, ' ');
    expect(text).toContain('The walk was short, of our house; she said: “Come!” (twice).');
    expect(text).toContain('Mother-in-law’s house stood — empty.');
  });
});

describe('corpus documents with apparatus in Greek and in Syriac', () => {
  testIf(POPPLER && SHARED, 'pdftotext missing or ../shared/corpus absent')('the Syriac Psalms: PDF in Noto Sans Syriac, no replacement character, no warning', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'edition-script-'));
    try {
      const r = cli(['build', SYRIAC, '--schema', TEI_ALL, '--format', 'pdf', '--out', dir]);
      expect(r.code).toBe(0);
      expect(r.stderr + r.stdout).not.toMatch(/pdf-missing-glyph|TEI_EDITION_TYPST/);
      const pdf = readFileSync(path.join(dir, 'pta9999.pta031.syc1_syriac.pdf'));
      expect(pdfText(pdf)).not.toContain('\uFFFD');
      expect(poppler('pdffonts', pdf)).toContain('NotoSansSyriac-Regular');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  testIf(POPPLER && SHARED, 'pdftotext missing or ../shared/corpus absent')('the Greek apparatus (pta0040): no replacement character, no missing glyph', async () => {
    const report = await renderPdfWithReport(await model(GREEK), {});
    expect(report.warnings.filter((w) => w.glyph !== undefined)).toEqual([]);
    const pdf = report.files[0].data as Uint8Array;
    expect(pdfText(pdf)).not.toContain('\uFFFD');
    expect(poppler('pdffonts', pdf)).toContain('LibertinusSerif-Regular');
  });

  testIf(existsSync(GREEK_LARGE), '../shared/corpus absent')('the large Greek apparatus (pta0003): HTML and text in Greek, lang set, no replacement character', async () => {
    const e = await model(GREEK_LARGE);
    const text = String(renderText(e)[0].data);
    expect(text).not.toContain('\uFFFD');
    const html = String(renderHtml(e, {}).find((f) => f.path.endsWith('.html'))!.data);
    expect(html).not.toMatch(/<html lang="und">/);
    expect(html).toMatch(/lang="grc" dir="ltr"/);
  });
});

const describeBrowser = BROWSER ? describe : describe.skip;
if (!BROWSER) console.warn(`[test/scripts] SKIPPING the browser checks of lang and dir: ${CHROMIUM} not found`);

describeBrowser('HTML in Chromium: direction, language, copying', () => {
  let browser: Browser;
  let dir: string;
  const urls: Record<string, string> = {};

  const write = (name: string, e: Edition): string => {
    const files = renderHtml(e, {});
    for (const f of files) {
      const file = path.join(dir, name, f.path);
      mkdirSync(path.dirname(file), { recursive: true });
      writeFileSync(file, f.data);
    }
    return pathToFileURL(path.join(dir, name, files[0].path)).href;
  };

  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'edition-script-html-'));
    urls.scripts = write('scripts', await model(path.join(FIXTURES, 'scripts.xml')));
    urls.mixed = write('mixed', await model(path.join(FIXTURES, 'mixed-apparatus.xml')));
    urls.letter = write('letter', await model(LETTER));
    if (existsSync(SYRIAC)) urls.syriac = write('syriac', await model(SYRIAC));
    browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ARGS });
  });

  afterAll(async () => {
    await browser?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  test('each sample paragraph has the direction of its script', async () => {
    const page = await browser.newPage();
    await page.goto(urls.scripts);
    const dirs = await page.evaluate(() =>
      Object.fromEntries(Array.from(document.querySelectorAll('#text p[lang]')).map((p) => [p.id, `${p.getAttribute('lang')} ${getComputedStyle(p).direction}`])),
    );
    expect(dirs).toMatchObject({ hebrew: 'he rtl', arabic: 'ar rtl', syriac: 'syc rtl', greek: 'grc ltr', cjk: 'zh ltr', coptic: 'cop ltr' });
    await page.close();
  });

  testIf(existsSync(SYRIAC), '../shared/corpus absent')('the Syriac Psalms: every paragraph is laid out right to left', async () => {
    const page = await browser.newPage();
    await page.goto(urls.syriac);
    const seen = await page.evaluate(() => {
      const ps = Array.from(document.querySelectorAll('#text p'));
      return { lang: document.documentElement.lang, count: ps.length, dirs: [...new Set(ps.map((p) => getComputedStyle(p).direction))] };
    });
    expect(seen.lang).toBe('syc');
    expect(seen.count).toBeGreaterThan(2000);
    expect(seen.dirs).toEqual(['rtl']);
    await page.close();
  });

  test('the letter: the French <bibl> has lang="fr"; copying ¶ 1 gives its words, not "¶ 1I have"', async () => {
    const page = await browser.newPage();
    await page.goto(urls.letter);
    const got = await page.evaluate(() => {
      const bibl = document.querySelector('#p1 .bibl');
      const p = document.getElementById('p1')!;
      const range = document.createRange();
      range.selectNodeContents(p);
      const sel = window.getSelection()!;
      sel.removeAllRanges();
      sel.addRange(range);
      return { lang: bibl?.getAttribute('lang'), inner: p.innerText.slice(0, 40), copied: sel.toString().slice(0, 40), mark: getComputedStyle(p.querySelector('.pilcrow')!, '::before').content };
    });
    expect(got.lang).toBe('fr');
    expect(got.inner).toMatch(/^I have just been reading/);
    expect(got.copied).toMatch(/^I have just been reading/);
    expect(got.mark).toBe('"¶ 1"');
    await page.close();
  });

  test('a mixed-direction apparatus entry keeps "]" and the sigla in place', async () => {
    const page = await browser.newPage();
    await page.goto(urls.mixed);
    // Each <bdi> is isolated: the bidi algorithm orders the entry as written, so the bracket follows G on screen.
    const order = await page.evaluate(() => {
      const body = document.querySelector('#app-app-1 .app-body')!;
      const x = (sel: string): number => body.querySelector(sel)!.getBoundingClientRect().left;
      return { lem: x('.lem'), sep: x('.app-sep'), rdg: x('.rdg'), isolate: getComputedStyle(body.querySelector('.rdg')!).unicodeBidi };
    });
    expect(order.lem).toBeLessThan(order.sep);
    expect(order.sep).toBeLessThan(order.rdg);
    expect(order.isolate).toBe('isolate');
    await page.close();
  });
});

/**
 * The page in a real browser (Debian's chromium through playwright-core),
 * loaded from file:// as a reader who opens the output folder would: no
 * console errors, popovers open by mouse and keyboard, the witness switch
 * changes the text, axe-core finds no accessibility violations.
 *
 * Without /usr/bin/chromium the tests skip LOUDLY (CI installs it in .ci/run).
 * Screenshots go to /tmp/html-*.png for a human look.
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { buildEdition } from '../../src/model/read-tei';
import type { Edition } from '../../src/model/types';
import { loadDocument } from '../../src/parse/load';
import { citations } from '../../src/publish/citations';
import { renderHtml } from '../../src/render/html';
import { annotatedLetter, twoWitnesses } from '../fixtures/editions';
import { CHROMIUM, chromiumAvailable } from './helpers';

const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
const LETTER = path.resolve(__dirname, '../../tei/mett-1931-rolland.xml');

const haveBrowser = chromiumAvailable();
if (!haveBrowser) {
  console.warn(`[test/html] SKIPPING the browser tests: ${CHROMIUM} not found (apt-get install chromium; .ci/run does this in CI).`);
}
const describeBrowser = haveBrowser ? describe : describe.skip;

// axe's global in the page; typed here because the page context is not this module's.
interface AxeResult {
  violations: { id: string; impact?: string; help: string; nodes: { target: unknown[] }[] }[];
}
declare global {
  interface Window {
    axe: { run: (ctx?: unknown, options?: unknown) => Promise<AxeResult> };
  }
}

describeBrowser('in chromium', () => {
  let browser: Browser;
  let out: string;
  const urls: Record<string, string> = {};

  /** Each page in a folder of its own, as the write stage would make it (fixture and real letter share an id). */
  function write(name: string, edition: Edition, options = {}): string {
    const files = renderHtml(edition, { citations, ...options });
    for (const f of files) {
      const file = path.join(out, name, f.path);
      mkdirSync(path.dirname(file), { recursive: true });
      writeFileSync(file, f.data);
    }
    return pathToFileURL(path.join(out, name, files[0].path)).href;
  }

  beforeAll(async () => {
    out = mkdtempSync(path.join(tmpdir(), 'tei-edition-html-'));
    urls.letter = write('letter', annotatedLetter());
    urls.fox = write('fox', twoWitnesses(), { witnessPages: true });
    if (existsSync(LETTER)) {
      const r = await loadDocument(LETTER);
      if (r.document) urls.mett = write('mett', buildEdition(r.document, { mode: 'reading' }));
    } else {
      console.warn(`[test/html] the real letter is not in the browser tests: ${LETTER} does not exist yet`);
    }
    browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ARGS });
  });

  afterAll(async () => {
    await browser?.close();
    rmSync(out, { recursive: true, force: true });
  });

  /** A page that records console errors, uncaught exceptions and failed loads. */
  async function open(url: string, width = 1280): Promise<{ page: Page; errors: string[] }> {
    const page = await browser.newPage({ viewport: { width, height: 900 } });
    const errors: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error' || m.type() === 'warning') errors.push(`console ${m.type()}: ${m.text()}`);
    });
    page.on('pageerror', (e) => errors.push(`page error: ${e.message}`));
    page.on('requestfailed', (r) => errors.push(`failed to load ${r.url()}`));
    await page.goto(url, { waitUntil: 'load' });
    return { page, errors };
  }

  async function axe(page: Page): Promise<string[]> {
    // The pointer away from the text and transitions off, as a reader who asks for reduced motion has them:
    // a paragraph's ¶ handle fading in under the pointer has, half-way, too little contrast for axe.
    await page.mouse.move(0, 0);
    await page.emulateMedia({ reducedMotion: 'reduce' });
    await page.addScriptTag({ path: require.resolve('axe-core') });
    // preload off: axe would fetch the stylesheets by XHR, which file:// forbids (an axe error, not the page's)
    const result = await page.evaluate(() => window.axe.run(document, { resultTypes: ['violations'], preload: false }));
    return result.violations.map((v) => `${v.id} (${v.impact}): ${v.help} at ${v.nodes.map((n) => JSON.stringify(n.target)).join(', ')}`);
  }

  const isOpen = (page: Page, id: string): Promise<boolean> =>
    page.evaluate((i) => document.getElementById(i)?.matches(':popover-open') ?? false, id);

  test('loads from file:// with its assets and no console errors', async () => {
    const { page, errors } = await open(urls.letter);
    expect(await page.evaluate(() => document.documentElement.classList.contains('js'))).toBe(true);
    const serif = await page.evaluate(() => getComputedStyle(document.querySelector('.text p')!).fontFamily);
    expect(serif).toMatch(/serif/i);
    await page.screenshot({ path: '/tmp/html-fixture-letter.png', fullPage: true });
    expect(errors).toEqual([]);
    await page.close();
  });

  test('a click on an apparatus call opens its popover next to it; Escape closes it', async () => {
    const { page, errors } = await open(urls.letter);
    await page.click('#appref-e1');
    expect(await isOpen(page, 'pop-e1')).toBe(true);
    expect(await page.textContent('#pop-e1')).toContain('Goudenhoy-Kalergi');
    const [call, pop] = await Promise.all([page.locator('#appref-e1').boundingBox(), page.locator('#pop-e1').boundingBox()]);
    // placed under its call, not in the middle of the screen
    expect(Math.abs(pop!.y - (call!.y + call!.height)) < 20).toBe(true);
    await page.screenshot({ path: '/tmp/html-fixture-popover.png' });
    await page.keyboard.press('Escape');
    expect(await isOpen(page, 'pop-e1')).toBe(false);
    expect(errors).toEqual([]);
    await page.close();
  });

  test('keyboard: Tab reaches an apparatus call, Enter opens it', async () => {
    const { page, errors } = await open(urls.letter);
    let found = false;
    for (let i = 0; i < 80 && !found; i++) {
      await page.keyboard.press('Tab');
      found = await page.evaluate(() => document.activeElement?.classList.contains('app-ref') ?? false);
    }
    expect(found).toBe(true);
    const target = await page.evaluate(() => document.activeElement!.getAttribute('popovertarget')!);
    await page.keyboard.press('Enter');
    expect(await isOpen(page, target)).toBe(true);
    // the focus ring is visible on the call
    expect(errors).toEqual([]);
    await page.close();
  });

  test('the witness switch changes the text; with script off, the lemma shows', async () => {
    const { page, errors } = await open(urls.fox);
    // What a sighted reader sees in the text: visible text nodes, calls and handles aside, paragraph by paragraph.
    const text = (): Promise<string> =>
      page.evaluate(() =>
        Array.from(document.querySelectorAll('#text p'))
          .map((p) => {
            const parts: string[] = [];
            const walker = document.createTreeWalker(p, NodeFilter.SHOW_TEXT);
            for (let n = walker.nextNode(); n; n = walker.nextNode()) {
              const el = n.parentElement!;
              if (el.closest('.vh, .pilcrow, .app-ref, .noteref') || !el.checkVisibility()) continue;
              parts.push(n.textContent ?? '');
            }
            return parts.join('');
          })
          .join(' ')
          .replace(/\s+/g, ' ')
          .trim(),
      );
    expect(await page.isVisible('#witness-switch')).toBe(true);
    expect(await text()).toBe('The quick brown fox jumps. Over the lazy dog.');
    await page.check('input[name="wit"][value="B"]');
    expect(await text()).toBe('The swift fox jumps. Over the sleepy dog.');
    await page.check('input[name="wit"][value="A"]');
    expect(await text()).toBe('The quick brown fox jumps. Over the lazy dog.');
    await page.check('input[name="wit"][value="B"]');
    await page.check('input[name="wit"][value=""]');
    expect(await text()).toBe('The quick brown fox jumps. Over the lazy dog.');
    await page.check('input[name="wit"][value="B"]');
    await page.screenshot({ path: '/tmp/html-fixture-witness-B.png', fullPage: true });
    expect(errors).toEqual([]);
    await page.close();

    const ctx = await browser.newContext({ javaScriptEnabled: false });
    const noJs = await ctx.newPage();
    await noJs.goto(urls.fox);
    expect(await noJs.isVisible('#witness-switch')).toBe(false);
    expect(await noJs.evaluate(() => (document.getElementById('text') as HTMLElement).innerText)).toContain('quick');
    // popovers need no script
    await noJs.click('.app-ref');
    expect(await noJs.evaluate(() => document.querySelector('.app-pop:popover-open') !== null)).toBe(true);
    await ctx.close();
  });

  test('a link from the index to a name in a hidden reading shows that witness', async () => {
    const { page, errors } = await open(urls.fox);
    expect(await page.isVisible('#occ-swift')).toBe(false);
    await page.click('#ent-swift .index-occ a');
    expect(await page.isVisible('#occ-swift')).toBe(true);
    expect(await page.isChecked('input[name="wit"][value="B"]')).toBe(true);
    expect(errors).toEqual([]);
    await page.close();
  });

  test('print: controls hidden, apparatus and notes printed as lists', async () => {
    const { page } = await open(urls.letter);
    await page.emulateMedia({ media: 'print' });
    expect(await page.isVisible('#controls')).toBe(false);
    expect(await page.isVisible('#apparatus li')).toBe(true);
    expect(await page.isVisible('#notes li')).toBe(true);
    expect(await page.isVisible('.pilcrow')).toBe(false);
    await page.close();
  });

  test.each(['letter', 'fox', 'mett'])('axe-core: no violations (%s)', async (name) => {
    if (!urls[name]) {
      console.warn(`[test/html] SKIPPING axe on ${name}: page not built`);
      return;
    }
    const { page, errors } = await open(urls[name]);
    expect(await axe(page)).toEqual([]);
    // and with a popover open
    await page.click('.app-ref');
    expect(await axe(page)).toEqual([]);
    expect(errors).toEqual([]);
    await page.close();
  });

  test('the real letter: screenshots for a human look', async () => {
    if (!urls.mett) {
      console.warn('[test/html] SKIPPING the real letter screenshots: tei/mett-1931-rolland.xml not built');
      return;
    }
    const { page, errors } = await open(urls.mett);
    await page.screenshot({ path: '/tmp/html-letter.png' });
    await page.screenshot({ path: '/tmp/html-letter-full.png', fullPage: true });
    await page.setViewportSize({ width: 390, height: 844 });
    await page.screenshot({ path: '/tmp/html-letter-mobile.png' });
    expect(errors).toEqual([]);
    await page.close();
  });
});

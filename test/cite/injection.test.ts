/**
 * A document is an attacker: values from its header reach attributes of the
 * page (the citation link, meta tags, data-cite) and the JSON-LD script.
 * Regression tests for stored script injection through citeproc's HTML
 * (a DOI with a `"` broke out of `href` and ran `onfocus` on load), at the
 * string level and in a real browser.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser } from 'playwright-core';
import { citationHtml } from '../../src/cite/format';
import { safeCitationHtml } from '../../src/cite/safe-html';
import type { Edition } from '../../src/model/types';
import { citations } from '../../src/publish/citations';
import { renderHtml } from '../../src/render/html';
import { CHROMIUM, chromiumAvailable } from '../html/helpers';
import { letterWith } from './helpers';

const DOI = '10.1234/"/autofocus/onfocus=alert(document.title)//';
const withDoi = (doi: string): Edition =>
  letterWith((t) => t.replace('<publicationStmt>', `<publicationStmt><idno type="DOI">${doi.replace(/&/g, '&amp;').replace(/</g, '&lt;')}</idno>`));
const page = (e: Edition, options = {}): string => String(renderHtml(e, { citations, ...options })[0].data);

/** Every start tag of the page, with its attributes as the HTML tokenizer would split them (quoted values only). */
function startTags(html: string): { tag: string; attrs: string[] }[] {
  const out: { tag: string; attrs: string[] }[] = [];
  for (const m of html.matchAll(/<([a-zA-Z][\w-]*)((?:\s+[^\s=>/]+(?:="[^"]*")?)*)\s*\/?>/g)) {
    // Names only: a quoted value's words ("the online version") are not attributes.
    out.push({ tag: m[1].toLowerCase(), attrs: [...m[2].replace(/="[^"]*"/g, '').matchAll(/\s+([^\s=>/]+)/g)].map((a) => a[1].toLowerCase()) });
  }
  return out;
}

describe('the DOI that broke out of href', () => {
  test.each([
    ['without a base URL', {}],
    ['with --base-url', { baseUrl: 'https://example.org/ed/' }],
  ])('the citation link keeps the quote inside its href (%s)', (_label, options) => {
    const html = page(withDoi(DOI), options);
    const citation = /<p class="citation">(.*?)<\/p>/s.exec(html)![1];
    expect(citation).toContain('<a href="https://doi.org/10.1234/%22/autofocus/onfocus=alert(document.title)//">https://doi.org/10.1234/&quot;/autofocus/onfocus=alert(document.title)//</a>');
    // No element anywhere on the page carries an event handler or autofocus.
    const attrs = startTags(html).flatMap((t) => t.attrs);
    expect(attrs.filter((a) => a.startsWith('on') || a === 'autofocus')).toEqual([]);
  });

  test('a single quote, angle brackets and a second scheme stay inside the link', () => {
    const html = citationHtml(withDoi(`10.1234/'><script>alert(1)</script>`));
    expect(html).not.toMatch(/<script/i);
    expect(html).toContain('<a href="https://doi.org/10.1234/%27%3E%3Cscript%3Ealert(1)%3C/script%3E">');
  });
});

describe('safeCitationHtml keeps only what citeproc writes', () => {
  test.each([
    ['<i>Title</i>. <b>x</b>', '<i>Title</i>. <b>x</b>'],
    ['<span style="font-variant:small-caps;">Sc</span>', '<span style="font-variant:small-caps;">Sc</span>'],
    ['<span style="color:red">x</span>', '&lt;span style=&quot;color:red&quot;&gt;x&lt;/span&gt;'],
    ['<img src=x onerror=alert(1)>', '&lt;img src=x onerror=alert(1)&gt;'],
    ['<a href="javascript:alert(1)">x</a>', 'x'],
    ['<a href="https://a.example/" onclick="x()">x</a>', '&lt;a href=&quot;https://a.example/&quot; onclick=&quot;x()&quot;&gt;x&lt;/a&gt;'],
    ['<a href="https://a.example/x&#34;y">u</a>', '<a href="https://a.example/x%22y">u</a>'],
    ['<i>open', '<i>open</i>'],
    ['<div class="csl-left-margin">[1]</div><div class="csl-right-inline">Entry</div>', '[1]Entry'],
    ['<span style="baseline">b</span>', '<span style="baseline">b</span>'],
    ['</p><script>alert(1)</script>', '&lt;/p&gt;&lt;script&gt;alert(1)&lt;/script&gt;'],
    ['a &#60;b&#62; &#38; &#x1F600;', 'a &lt;b&gt; &amp; \u{1F600}'],
  ])('%s', (input, expected) => {
    expect(safeCitationHtml(input)).toBe(expected);
  });
});

describe('other values that reach attributes and scripts', () => {
  const hostile = '"/autofocus/onfocus=alert(1)// </script><script>alert(2)</script><!--';
  const html = page(
    letterWith((t) =>
      t
        .replace(/<title([^>]*)>[^<]*<\/title>/, `<title$1>${hostile.replace(/</g, '&lt;')}</title>`)
        .replace('<publicationStmt>', `<publicationStmt><idno type="DOI">${DOI}</idno>`),
    ),
    { baseUrl: 'https://example.org/ed/' },
  );

  test('the JSON-LD script cannot be ended or commented out by a value', () => {
    const script = /<script type="application\/ld\+json">([\s\S]*?)<\/script>/.exec(html)![1];
    expect(script).not.toMatch(/<\/script|<!--/i);
    const data = JSON.parse(script) as { name: string };
    expect(data.name).toContain('</script><script>alert(2)</script><!--');
  });

  test('meta contents and data-cite hold the quote as &quot;', () => {
    expect(html).toMatch(/<meta name="citation_title" content="[^"]*&quot;\/autofocus\/onfocus&#x3D;alert\(1\)\/\/ &lt;\/script&gt;/);
    // citeproc title-cases the title; the quote is still an entity.
    expect(html).toMatch(/data-cite="[^"]*&quot;\/autofocus\/onfocus=/i);
    expect(startTags(html).flatMap((t) => t.attrs).filter((a) => a.startsWith('on') || a === 'autofocus')).toEqual([]);
    // Only the page's own two scripts.
    expect(html.match(/<script\b/g)).toHaveLength(2);
  });
});

const haveBrowser = chromiumAvailable();
if (!haveBrowser) console.warn(`[test/cite/injection] SKIPPING the browser test: ${CHROMIUM} not found (apt-get install chromium).`);
const describeBrowser = haveBrowser ? describe : describe.skip;

describeBrowser('in chromium', () => {
  let browser: Browser;
  let out: string;

  beforeAll(async () => {
    out = mkdtempSync(path.join(tmpdir(), 'tei-edition-inject-'));
    browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run'] });
  });
  afterAll(async () => {
    await browser?.close();
    rmSync(out, { recursive: true, force: true });
  });

  /** Load a page from file:// and report the dialogs its scripts opened. */
  async function dialogs(name: string, html: string): Promise<string[]> {
    const dir = path.join(out, name);
    mkdirSync(dir, { recursive: true });
    writeFileSync(path.join(dir, 'page.html'), html);
    const p = await browser.newPage();
    const seen: string[] = [];
    p.on('dialog', (d) => {
      seen.push(d.message());
      void d.dismiss();
    });
    await p.goto(pathToFileURL(path.join(dir, 'page.html')).href, { waitUntil: 'load' });
    await p.bringToFront();
    await p.waitForTimeout(300);
    await p.close();
    return seen;
  }

  test('the control: the markup citeproc used to write runs the script on load', async () => {
    const bad = `<!DOCTYPE html><html><head><title>PWNED</title></head><body><p><a href="https://doi.org/${DOI}">x</a></p></body></html>`;
    expect(await dialogs('control', bad)).toEqual(['PWNED']);
  });

  test.each([
    ['default', {}],
    ['base-url', { baseUrl: 'https://example.org/ed/' }],
  ])('the built page runs no script of the document (%s)', async (name, options) => {
    expect(await dialogs(name, page(withDoi(DOI), options))).toEqual([]);
  });
});

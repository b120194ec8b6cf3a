/** Templates: a user's folder overrides ours file by file; compiled once, recompiled when a file changes. */
import { mkdtempSync, mkdirSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Handlebars from 'handlebars';
import { renderHtml } from '../../src/render/html';
import { RenderError } from '../../src/render/types';
import { annotatedLetter } from '../fixtures/editions';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'tei-edition-templates-'));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

function write(rel: string, text: string, mtime?: Date): void {
  const file = path.join(dir, rel);
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, text);
  if (mtime) utimesSync(file, mtime, mtime);
}

const pageOf = (files: { path: string; data: string | Uint8Array }[]): string => String(files[0].data);

test('a partial in the user folder replaces ours; the rest stays ours', () => {
  write('partials/footer.hbs', '<footer class="mine"><p>{{header.publisher}} &amp; friends</p></footer>');
  const html = pageOf(renderHtml(annotatedLetter(), { templatesDir: dir }));
  expect(html).toContain('<footer class="mine"><p>Example Press &amp; friends</p></footer>');
  expect(html).toContain('<h1>Open Letter to Romain Rolland</h1>');
});

test('user templates escape document text too ({{…}}), and get pre-escaped HTML for the text', () => {
  write('page.hbs', '<main>{{header.title}}|{{textHtml}}</main>');
  const e = annotatedLetter();
  e.meta.title = '<img src=x onerror=alert(1)>';
  const html = pageOf(renderHtml(e, { templatesDir: dir }));
  expect(html).toContain('<main>&lt;img src&#x3D;x onerror&#x3D;alert(1)&gt;|<div class="div div-letter">');
  expect(html).not.toContain('<img');
});

test('assets: the user’s replace ours by name, extra ones are added, in a stable order', () => {
  write('assets/edition.css', 'body { color: red }');
  write('assets/logo.svg', '<svg xmlns="http://www.w3.org/2000/svg"/>');
  write('assets/font.woff2', '\u0000\u0001binary');
  // The page's citation files come with it (src/cite); the assets follow.
  const files = renderHtml(annotatedLetter(), { templatesDir: dir }).filter((f) => !/\.(bib|ris|json)$/.test(f.path));
  expect(files.map((f) => f.path)).toEqual(['mett-1931-rolland.html', 'assets/edition.css', 'assets/edition.js', 'assets/font.woff2', 'assets/logo.svg']);
  expect(files[1].data).toBe('body { color: red }');
  expect(files[3].data).toBeInstanceOf(Uint8Array);
});

test('compiled once per process, recompiled when a template file changes', () => {
  const create = jest.spyOn(Handlebars, 'create');
  try {
    write('partials/footer.hbs', '<footer>one</footer>', new Date(2020, 0, 1));
    expect(pageOf(renderHtml(annotatedLetter(), { templatesDir: dir }))).toContain('<footer>one</footer>');
    for (let i = 0; i < 5; i++) renderHtml(annotatedLetter(), { templatesDir: dir });
    expect(create).toHaveBeenCalledTimes(1);
    write('partials/footer.hbs', '<footer>two</footer>', new Date(2021, 0, 1));
    expect(pageOf(renderHtml(annotatedLetter(), { templatesDir: dir }))).toContain('<footer>two</footer>');
    expect(create).toHaveBeenCalledTimes(2);
  } finally {
    create.mockRestore();
  }
});

test('a template that does not compile is a RenderError naming the file', () => {
  write('partials/footer.hbs', '{{#if}}');
  expect(() => renderHtml(annotatedLetter(), { templatesDir: dir })).toThrow(RenderError);
  expect(() => renderHtml(annotatedLetter(), { templatesDir: dir })).toThrow(/footer\.hbs/);
});

test('a template folder that does not exist is a RenderError', () => {
  expect(() => renderHtml(annotatedLetter(), { templatesDir: path.join(dir, 'nope') })).toThrow(RenderError);
});

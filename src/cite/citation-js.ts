/**
 * The one typed door to citation-js (BibTeX, RIS, CSL-JSON, and CSL styles
 * through citeproc-js). citation-js ships no type declarations; everything
 * untyped stays in this file, and the rest of the project sees plain
 * functions over CslItem.
 *
 * Loaded on first use: `edition validate` never pays for citeproc.
 */
import type { CslItem } from './csl';
import { balanceFields, bibtexMonths, itemForBibtex, itemOnOneLine, oneLine, risDate } from './fields';
import { safeCitationHtml } from './safe-html';

interface CiteInstance {
  data: Record<string, unknown>[];
  format(format: string, options?: Record<string, unknown>): string;
}

interface CoreModule {
  Cite: new (data: unknown, options?: Record<string, unknown>) => CiteInstance;
  plugins: { config: { get(plugin: string): unknown } };
}

interface Register {
  add(name: string, value: string): void;
  has(name: string): boolean;
}

/** The styles register is `templates` in citation-js 0.7 and `styles` from 0.8 on. */
interface CslConfig {
  styles?: Register;
  templates?: Register;
}

interface BibtexConfig {
  format: { checkLabel: boolean };
}

let loaded: { core: CoreModule; styles: Register } | undefined;

function load(): { core: CoreModule; styles: Register } {
  if (loaded) return loaded;
  // require, not import: the modules are untyped, and loading must stay lazy and synchronous
  // (renderers are synchronous functions). The casts are what this module exists to contain.
  const core = require('@citation-js/core') as CoreModule;
  require('@citation-js/plugin-bibtex');
  require('@citation-js/plugin-ris');
  require('@citation-js/plugin-csl');
  const bibtex = core.plugins.config.get('@bibtex') as BibtexConfig;
  // Keys are the edition's id (letters, digits, '.', '_', '-'): legal in BibTeX and biblatex, and
  // stable across versions, which an author-year-title key is not. citation-js refuses '-' by default.
  bibtex.format.checkLabel = false;
  quoteCiteprocLinks();
  const csl = core.plugins.config.get('@csl') as CslConfig;
  const styles = csl.styles ?? csl.templates;
  if (!styles) throw new Error('citation-js: @citation-js/plugin-csl has no style register (an unsupported version?)');
  loaded = { core, styles };
  return loaded;
}

/** citeproc-js's HTML output format: the two entries that write a value into an attribute. */
interface HtmlFormat {
  '@URL/true': (state: unknown, str: string) => string;
  '@DOI/true': (state: unknown, str: string) => string;
}

/**
 * citeproc-js writes a URL or DOI into `href="…"` with only `& < >` escaped
 * (its text escape), so a `"` in the value ends the attribute. The link is
 * rebuilt here with the quote percent-encoded, in the one shared formats
 * object every engine of this process reads; safe-html.ts checks the result
 * again, whatever citeproc version is installed.
 */
function quoteCiteprocLinks(): void {
  const csl = require('citeproc') as { Output: { Formats: { html: HtmlFormat } } };
  const html = csl.Output.Formats.html;
  const href = (s: string): string => s.replace(/"/g, '%22');
  html['@URL/true'] = (_state, str) => `<a href="${href(str)}">${str}</a>`;
  html['@DOI/true'] = (_state, str) => `<a href="${href(/^https?:\/\//.test(str) ? str : `https://doi.org/${str}`)}">${str}</a>`;
}

/** citation-js keeps its parse history in `_graph`; a CSL-JSON item never carries it. */
function clean(items: Record<string, unknown>[]): CslItem[] {
  return items.map((item) => {
    const copy: Record<string, unknown> = { ...item };
    delete copy._graph;
    return copy as unknown as CslItem;
  });
}

function cite(items: readonly CslItem[]): CiteInstance {
  const { core } = load();
  // A deep copy: citation-js annotates the objects it is given.
  return new core.Cite(JSON.parse(JSON.stringify(items)) as unknown);
}

export function toBibtex(items: readonly CslItem[]): string {
  return normaliseEnd(bibtexMonths(balanceFields(cite(items.map(itemForBibtex)).format('bibtex', { format: 'text' }))));
}

/**
 * RIS from citation-js's mapping, joined into lines here: citation-js's own
 * text output breaks values every 70 characters, even inside a word, and
 * importers (citation-js's among them) join the pieces with a space ("ed ition").
 */
export function toRis(items: readonly CslItem[]): string {
  const records = cite(items.map(itemOnOneLine)).format('ris', { format: 'object' }) as unknown as Record<string, unknown>[];
  const text = records.map((record) => {
    const lines = [`TY  - ${String(record.TY)}`];
    for (const [tag, value] of Object.entries(record)) {
      if (tag === 'TY') continue;
      // The items are on one line already; citation-js's own joins must not add a break either.
      for (const v of ([] as unknown[]).concat(value)) lines.push(`${tag}  - ${tag === 'DA' ? risDate(oneLine(String(v))) : oneLine(String(v))}`);
    }
    lines.push('ER  - ');
    return lines.join('\n');
  });
  return text.join('\n\n') + '\n';
}

/** CSL-JSON as citation-js writes it (an array, two-space indentation). */
export function toCslJson(items: readonly CslItem[]): string {
  // JSON escapes CR and LF but leaves LS, PS and NEL raw, which line-based tools (and pre-2019 JavaScript) split on.
  return normaliseEnd(cite(items).format('data', { format: 'text' })).replace(/[\u0085\u2028\u2029]/g, (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/**
 * One formatted bibliography entry per item, in the items' order, with a CSL
 * style already registered (see styles.ts). `html` is citeproc-js's own
 * escaped HTML, with URLs and DOIs as links; `text` is plain.
 */
export function formatEntries(items: readonly CslItem[], style: string, format: 'text' | 'html', lang = 'en-US'): string[] {
  // A document's text and PDF ask for the same entry: citeproc-js takes a few milliseconds per call,
  // which a corpus build pays per document. The key is the whole input, so a hit is the same answer.
  const key = JSON.stringify([style, format, lang, items]);
  const known = formatted.get(key);
  if (known) return [...known];
  const entries = formatUncached(items, style, format, lang);
  formatted.set(key, entries);
  // Only the last few are worth keeping: the same entry is asked for within one document's renders.
  if (formatted.size > FORMATTED_KEEP) formatted.delete(formatted.keys().next().value as string);
  return [...entries];
}

const FORMATTED_KEEP = 8;
const formatted = new Map<string, string[]>();

function formatUncached(items: readonly CslItem[], style: string, format: 'text' | 'html', lang: string): string[] {
  const out = cite(items).format('bibliography', {
    template: style,
    format,
    lang,
    nosort: true,
    hyperlinks: format === 'html',
    asEntryArray: true,
    // With asEntryArray, plugin-csl returns [id, entry] pairs, not the string its other outputs are.
  }) as unknown as [string, string][];
  const byId = new Map(out.map(([id, entry]) => [id, entry]));
  return items.map((i) => {
    const entry = byId.get(i.id) ?? '';
    if (format === 'text') return entry.trim();
    // The entry is a <div class="csl-entry">…</div>: keep its content, the page decides the element.
    return safeCitationHtml(entry.replace(/^\s*<div[^>]*>/, '').replace(/<\/div>\s*$/, '').trim());
  });
}

/** Parse BibTeX, RIS or CSL-JSON text back into CSL items (for tests, and a future `import`). */
export function parseCitations(text: string): CslItem[] {
  return clean(new (load().core.Cite)(text).data);
}

export function registerStyle(name: string, xml: string): void {
  const { styles } = load();
  if (!styles.has(name)) styles.add(name, xml);
}

export function hasStyle(name: string): boolean {
  return load().styles.has(name);
}

/** One final newline, whatever the serialiser ends with. */
function normaliseEnd(s: string): string {
  return s.replace(/\s+$/, '') + '\n';
}

/**
 * The one typed door to citation-js (BibTeX, RIS, CSL-JSON, and CSL styles
 * through citeproc-js). citation-js ships no type declarations; everything
 * untyped stays in this file, and the rest of the project sees plain
 * functions over CslItem.
 *
 * Loaded on first use: `edition validate` never pays for citeproc.
 */
import type { CslItem } from './csl';

interface CiteInstance {
  data: Record<string, unknown>[];
  format(format: string, options?: Record<string, unknown>): string;
}

interface CoreModule {
  Cite: new (data: unknown, options?: Record<string, unknown>) => CiteInstance;
  plugins: { config: { get(plugin: string): unknown } };
}

interface CslConfig {
  styles: { add(name: string, xml: string): void; has(name: string): boolean };
  locales: { has(name: string): boolean };
}

interface BibtexConfig {
  format: { checkLabel: boolean };
}

let loaded: { core: CoreModule; csl: CslConfig } | undefined;

function load(): { core: CoreModule; csl: CslConfig } {
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
  loaded = { core, csl: core.plugins.config.get('@csl') as CslConfig };
  return loaded;
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
  return normaliseEnd(cite(items).format('bibtex', { format: 'text' }));
}

export function toBiblatex(items: readonly CslItem[]): string {
  return normaliseEnd(cite(items).format('biblatex', { format: 'text' }));
}

export function toRis(items: readonly CslItem[]): string {
  return normaliseEnd(cite(items).format('ris', { format: 'text' }));
}

/** CSL-JSON as citation-js writes it (an array, two-space indentation). */
export function toCslJson(items: readonly CslItem[]): string {
  return normaliseEnd(cite(items).format('data', { format: 'text' }));
}

/**
 * One formatted bibliography entry per item, in the items' order, with a CSL
 * style already registered (see styles.ts). `html` is citeproc-js's own
 * escaped HTML, with URLs and DOIs as links; `text` is plain.
 */
export function formatEntries(items: readonly CslItem[], style: string, format: 'text' | 'html', lang = 'en-US'): string[] {
  const out = cite(items).format('bibliography', {
    template: style,
    format,
    lang,
    nosort: true,
    hyperlinks: format === 'html',
    asEntryArray: true,
  }) as unknown as [string, string][];
  const byId = new Map(out.map(([id, entry]) => [id, entry]));
  return items.map((i) => {
    const entry = byId.get(i.id) ?? '';
    if (format === 'text') return entry.trim();
    // The entry is a <div class="csl-entry">…</div>: keep its content, the page decides the element.
    return entry.replace(/^\s*<div[^>]*>/, '').replace(/<\/div>\s*$/, '').trim();
  });
}

/** Parse BibTeX, RIS or CSL-JSON text back into CSL items (for tests, and a future `import`). */
export function parseCitations(text: string): CslItem[] {
  return clean(new (load().core.Cite)(text).data);
}

export function registerStyle(name: string, xml: string): void {
  const { csl } = load();
  if (!csl.styles.has(name)) csl.styles.add(name, xml);
}

export function hasStyle(name: string): boolean {
  return load().csl.styles.has(name);
}

export function hasLocale(lang: string): boolean {
  return load().csl.locales.has(lang);
}

/** One final newline, whatever the serialiser ends with. */
function normaliseEnd(s: string): string {
  return s.replace(/\s+$/, '') + '\n';
}

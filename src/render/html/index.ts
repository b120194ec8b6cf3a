import type { Edition } from '../../model/types';
import { type OutputFile, type RenderOptions } from '../types';
import { renderCorpusPage } from './corpus';
import { renderPage, type HtmlOptions } from './page';
import { assetFiles } from './templates';

export type { HtmlOptions } from './page';

/**
 * The HTML edition of one document: `<id>.html` (or `<id>.<siglum>.html` for a
 * witness build), its citation files (`<id>.bib`, `.ris`, `.json`), and the shared assets it links to (`assets/edition.css`,
 * `assets/edition.js`, and any other file in the templates' `assets/`).
 * Pure: the same model and templates give byte-identical files.
 */
export function renderHtml(edition: Edition, options: HtmlOptions = {}): OutputFile[] {
  const page = renderPage(edition, options);
  return [
    { path: page.fileName, data: page.html },
    // The downloads the page's "how to cite" links to, written with it so that a link never dangles.
    // A draft offers no citation, so it has no downloads either.
    ...(options.draft || !options.citations ? [] : options.citations.files(edition, { baseUrl: options.baseUrl, fileName: page.fileName })),
    ...assetFiles(options.templatesDir),
  ];
}

/** The corpus page (`index.html`) listing several editions, with the same assets. */
export function renderIndex(editions: readonly Edition[], options: RenderOptions = {}): OutputFile[] {
  return [{ path: 'index.html', data: renderCorpusPage(editions, options) }, ...assetFiles(options.templatesDir)];
}

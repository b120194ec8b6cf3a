import type { Edition } from '../../model/types';
import { RenderError, type RenderOptions } from '../types';
import { htmlDate } from './escape';
import { htmlLang } from './lang';
import { joinNames } from '../people';
import { renderTemplate } from './templates';
import { pageFileName } from '../../output-files';

/**
 * The corpus page (`index.html`) for a build of several documents: one entry
 * per edition, ordered by the document's date, then title, then id, so that
 * the page does not depend on the order the files were listed in.
 */
export function renderCorpusPage(editions: readonly Edition[], options: RenderOptions): string {
  const clash = editions.find((e) => pageFileName(e.id) === 'index.html');
  if (clash) {
    throw new RenderError(`HTML: the edition "${clash.id}" would be written as index.html, the corpus page`, undefined, 'give the document another id (idno or xml:id)');
  }
  const items = editions
    .filter((e) => !e.options.witness)
    .map((e) => ({
      href: pageFileName(e.id),
      id: e.id,
      title: e.meta.title || e.id,
      subtitle: e.meta.subtitle,
      authors: joinNames(e.meta.authors.map((a) => a.name)),
      addressees: joinNames(e.meta.addressees.map((a) => a.name)),
      place: e.meta.place,
      date: e.meta.date ? { text: e.meta.date.text, datetime: htmlDate(e.meta.date.when) } : undefined,
      edition: e.meta.edition?.text,
      lang: htmlLang(e.lang),
      sortDate: e.meta.date?.when ?? '',
    }))
    .sort((a, b) => cmp(a.sortDate, b.sortDate) || cmp(a.title, b.title) || cmp(a.id, b.id));
  const view = {
    // The corpus page's own words are English; the titles carry their own lang.
    lang: 'en',
    pageTitle: 'Editions',
    countLabel: items.length === 1 ? '1 document' : `${items.length} documents`,
    items,
    assets: { css: 'assets/edition.css', js: 'assets/edition.js' },
  };
  return renderTemplate('index.hbs', view, options.templatesDir);
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

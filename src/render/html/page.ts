import Handlebars from 'handlebars';
import type { Edition } from '../../model/types';
import type { RenderOptions } from '../types';
import { apparatusItems } from './apparatus';
import { renderBlocks } from './blocks';
import { createContext } from './context';
import { indexGroups, KIND_LABEL, KIND_ORDER } from './entities';
import { htmlLang } from './lang';
import { citationHtml, citationMeta, editionUrl, headerView } from './meta';
import { noteItems } from './notes';
import { renderTemplate } from './templates';
import { currentWitness, pageFileName } from './witnesses';

export interface HtmlOptions extends RenderOptions {
  /** The CLI also builds one page per witness (`<id>.<siglum>.html`): link to them. */
  witnessPages?: boolean;
}

const safe = (html: string): Handlebars.SafeString => new Handlebars.SafeString(html);

/**
 * One edition → the page's HTML. The order of work matters: the text first
 * (it emits the anchors), then notes (they may hold anchors too), then the
 * apparatus and the index, which link back only to anchors that exist.
 */
export function renderPage(edition: Edition, options: HtmlOptions): { fileName: string; html: string } {
  const ctx = createContext(edition);
  const witness = currentWitness(edition.witnesses, edition.options.witness);
  const fileName = pageFileName(edition.id, edition.options.witness ? (witness ?? edition.options.witness) : undefined);
  const mainFile = pageFileName(edition.id);

  const text: string[] = [];
  renderBlocks(edition.blocks, ctx, text);
  const textHtml = text.join('');
  const notes = noteItems(ctx);
  const apparatus = apparatusItems(ctx);
  const index = indexGroups(ctx);

  const url = editionUrl(edition, fileName, options.baseUrl);
  const header = headerView(ctx);
  const hasVariants = edition.apparatus.some((e) => e.kind === 'variant');
  const switchable = edition.witnesses.length >= 2 && hasVariants;
  const legend = KIND_ORDER.filter((k) => ctx.kindsSeen.has(k)).map((k) => ({ kind: k, label: KIND_LABEL[k].plural }));

  const view = {
    lang: htmlLang(edition.lang) ?? 'und',
    pageTitle: header.title + (witness ? ` (${witness.siglum})` : ''),
    generator: 'tei-edition',
    metaTags: citationMeta(edition, url),
    assets: { css: 'assets/edition.css', js: 'assets/edition.js' },
    header,
    witnessBuild: witness
      ? { siglum: witness.siglum, description: witness.description, editionHref: mainFile }
      : edition.options.witness
        ? { siglum: edition.options.witness, description: '', editionHref: mainFile }
        : undefined,
    witnessSwitch: switchable
      ? {
          edited: !witness,
          options: edition.witnesses.map((w) => ({ value: w.id, siglum: w.siglum, description: w.description, checked: witness?.id === w.id })),
        }
      : undefined,
    witnessPages:
      options.witnessPages && edition.witnesses.length > 0
        ? {
            edition: witness ? { href: mainFile } : undefined,
            pages: edition.witnesses.map((w) => ({ siglum: w.siglum, href: pageFileName(edition.id, w), current: w.id === witness?.id })),
          }
        : undefined,
    hasLineBreaks: ctx.sawLineBreak,
    legend,
    hasControls: switchable || legend.length > 0 || ctx.sawLineBreak,
    textHtml: safe(textHtml),
    apparatus: apparatus.map((a) => ({ ...a, html: safe(a.html) })),
    popovers: apparatus.filter((a) => a.popoverId).map((a) => ({ ...a, html: safe(a.html) })),
    notes: notes.map((n) => ({ ...n, html: safe(n.html) })),
    index,
    citation: { html: safe(citationHtml(edition, url)), url },
    sections: {
      apparatus: apparatus.length > 0,
      notes: notes.length > 0,
      index: index.length > 0,
    },
  };
  return { fileName, html: renderTemplate('page.hbs', view, options.templatesDir) };
}

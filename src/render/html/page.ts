import Handlebars from 'handlebars';
import { citationOf, editionUrls } from '../../cite/csl';
import { citationDownloads } from '../../cite/files';
import { citationHtml, paragraphCiter } from '../../cite/format';
import { dublinCoreTags, highwireTags, jsonLd, scriptJson } from '../../cite/html-meta';
import type { Edition } from '../../model/types';
import type { RenderOptions } from '../types';
import { apparatusItems } from './apparatus';
import { renderBlocks } from './blocks';
import { createContext } from './context';
import { indexGroups, KIND_LABEL, KIND_ORDER } from './entities';
import { documentLang } from './lang';
import { directionOf } from '../script';
import { headerView } from './meta';
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
  // Every citation on the page (head, "how to cite", each paragraph) comes from src/cite, from the model's CitationData.
  const cite = { baseUrl: options.baseUrl, fileName };
  ctx.citeParagraph = paragraphCiter(edition, cite);

  const text: string[] = [];
  renderBlocks(edition.blocks, ctx, text);
  const textHtml = text.join('');
  const notes = noteItems(ctx);
  const apparatus = apparatusItems(ctx);
  const index = indexGroups(ctx);

  const url = editionUrls(edition, cite).page;
  const citation = citationOf(edition);
  const header = headerView(ctx);
  const hasVariants = edition.apparatus.some((e) => e.kind === 'variant');
  const switchable = edition.witnesses.length >= 2 && hasVariants;
  const legend = KIND_ORDER.filter((k) => ctx.kindsSeen.has(k)).map((k) => ({ kind: k, label: KIND_LABEL[k].plural }));

  const view = {
    lang: documentLang(edition),
    // The text's direction, on its <article>: the page's own words stay left to right.
    textDir: directionOf(documentLang(edition)) === 'rtl' ? 'rtl' : undefined,
    pageTitle: header.title + (witness ? ` (${witness.siglum})` : ''),
    generator: 'tei-edition',
    metaTags: highwireTags(edition, cite),
    dcTags: dublinCoreTags(edition, cite),
    jsonLd: safe(scriptJson(jsonLd(edition, cite))),
    // Only a base URL names the page's own address; an idno URI may name the edition, not this file.
    canonical: options.baseUrl ? url : undefined,
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
    citation: {
      html: safe(citationHtml(edition, cite)),
      url,
      version: citation.version,
      date: citation.date,
      downloads: citationDownloads(fileName),
      example: firstParagraphExample(ctx, edition, cite),
    },
    sections: {
      apparatus: apparatus.length > 0,
      notes: notes.length > 0,
      index: index.length > 0,
    },
  };
  return { fileName, html: renderTemplate('page.hbs', view, options.templatesDir) };
}

/** "¶ 1, https://…#p1": how a paragraph is cited, shown once in "how to cite" (only when the page has an address). */
function firstParagraphExample(ctx: ReturnType<typeof createContext>, edition: Edition, cite: { baseUrl?: string; fileName: string }): string | undefined {
  const first = findNumbered(edition.blocks);
  if (!first?.id || first.number === undefined) return undefined;
  const anchor = ctx.ids.ref('doc', first.id);
  const url = editionUrls(edition, cite).paragraph(anchor);
  return url ? `¶ ${first.number}, ${url}` : undefined;
}

function findNumbered(blocks: Edition['blocks']): { id?: string; number?: number } | undefined {
  for (const b of blocks) {
    if (b.kind === 'paragraph' && b.number !== undefined) return b;
    if (b.kind === 'container') {
      const f = findNumbered(b.children);
      if (f) return f;
    }
  }
  return undefined;
}

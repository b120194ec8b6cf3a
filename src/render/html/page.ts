import { witnessStatement } from '../../model/apparatus/witness-build';
import Handlebars from 'handlebars';
import { citationOf, editionUrls } from '../../model/citation';
import type { Edition } from '../../model/types';
import { find, walk } from '../../model/walk';
import { pageFileName } from '../../output-files';
import type { DraftInfo, RenderOptions } from '../types';
import { apparatusItems } from './apparatus';
import { legendOf } from '../../model/signs';
import { renderBlocks } from './blocks';
import { createContext } from './context';
import { indexGroups, KIND_LABEL, KIND_ORDER } from './entities';
import { documentLang } from './lang';
import { directionOf } from '../script';
import { headerView } from './meta';
import { noteItems } from './notes';
import { renderPartial, renderTemplate } from './templates';
import { currentWitness } from './witnesses';

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
  // Every citation on the page (head, "how to cite", each paragraph) comes from the cite stage (options.citations), from the model's CitationData.
  const cite = { baseUrl: options.baseUrl, fileName };
  const draft = options.draft;
  // A draft is not to be cited: no paragraph citations, no citation metadata, no downloads.
  const citations = draft ? undefined : options.citations;
  if (citations) ctx.citeParagraph = citations.paragraphCiter(edition, cite);

  const text: string[] = [];
  renderBlocks(edition.blocks, ctx, text);
  const textHtml = text.join('');
  const notes = noteItems(ctx);
  const apparatus = apparatusItems(ctx);
  const signs = edition.legend ?? legendOf(edition);
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
    metaTags: citations ? citations.highwireTags(edition, cite) : [],
    dcTags: citations ? citations.dublinCoreTags(edition, cite) : [],
    jsonLd: citations ? safe(citations.jsonLd(edition, cite)) : undefined,
    // Only a base URL names the page's own address; an idno URI may name the edition, not this file.
    canonical: options.baseUrl && !draft ? url : undefined,
    draft: draft ? draftView(draft, edition, ctx) : undefined,
    assets: { css: 'assets/edition.css', js: 'assets/edition.js' },
    header,
    witnessBuild: witness
      ? { siglum: witness.siglum, description: witness.description, editionHref: mainFile, statement: witnessStatement(edition) }
      : edition.options.witness
        ? { siglum: edition.options.witness, description: '', editionHref: mainFile, statement: witnessStatement(edition) }
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
    signs,
    popovers: apparatus.filter((a) => a.popoverId).map((a) => ({ ...a, html: safe(a.html) })),
    notes: notes.map((n) => ({ ...n, html: safe(n.html) })),
    index,
    citation: citations
      ? {
          html: safe(citations.html(edition, cite)),
          url,
          version: citation.version,
          date: citation.date,
          downloads: citations.downloads(fileName),
          example: firstParagraphExample(ctx, edition, cite),
        }
      : undefined,
    sections: {
      apparatus: apparatus.length > 0,
      signs: signs.length > 0,
      notes: notes.length > 0,
      index: index.length > 0,
    },
  };
  const html = renderTemplate('page.hbs', view, options.templatesDir);
  return { fileName, html: draft ? withDraftBanner(html, view.draft!, options.templatesDir) : html };
}

type DraftView = ReturnType<typeof draftView>;

/**
 * The banner's data: "Draft: 3 errors, not for citation", and each finding
 * linked to the nearest anchor of the text at or before its line (the
 * paragraph it is in, or the one before), so an editor can look at the place.
 */
function draftView(draft: DraftInfo, edition: Edition, ctx: ReturnType<typeof createContext>) {
  const anchors: { line: number; id: string }[] = [];
  walk(edition.blocks, (b) => {
    if (b.kind !== 'paragraph' && b.kind !== 'container') return 'skip';
    const id = b.id ? ctx.ids.ref('doc', b.id) : b.kind === 'paragraph' && b.number !== undefined ? ctx.ids.ref('para', String(b.number)) : undefined;
    if (id && b.src) anchors.push({ line: b.src.line, id });
    return b.kind === 'paragraph' ? 'skip' : undefined;
  });
  anchors.sort((a, b) => a.line - b.line);
  const at = (line: number): string | undefined => {
    let found: string | undefined;
    for (const a of anchors) {
      if (a.line > line) break;
      found = a.id;
    }
    return found ? `#${found}` : undefined;
  };
  const errors = draft.findings.filter((f) => f.severity === 'error').length;
  const warnings = draft.findings.filter((f) => f.severity === 'warning').length;
  const n = (k: number, w: string): string => `${k} ${w}${k === 1 ? '' : 's'}`;
  return {
    title: `Draft: ${n(errors, 'error')}, not for citation`,
    summary: `${n(errors, 'error')}${warnings ? `, ${n(warnings, 'warning')}` : ''}: where they are`,
    open: draft.findings.length <= 20,
    // Errors first (they are why this is a draft), each kind in document order.
    findings: [...draft.findings]
      .sort((a, b) => (a.severity === 'error' ? 0 : 1) - (b.severity === 'error' ? 0 : 1) || a.line - b.line || a.column - b.column)
      .map((f) => ({ ...f, href: f.line > 0 ? at(f.line) : undefined })),
  };
}

/** A user's page.hbs may not know about drafts: the banner is then put first in the body, so that no draft passes for the edition. */
function withDraftBanner(html: string, view: DraftView, templatesDir: string | undefined): string {
  let out = html.replace(/<body([^>]*)>/, (m, attrs: string) => (/class=/.test(attrs) ? m.replace(/class="/, 'class="is-draft ') : `<body${attrs} class="is-draft">`));
  if (!out.includes('class="draft-banner"')) {
    const banner = renderPartial('draft-banner', { draft: view }, templatesDir);
    out = out.replace(/<body[^>]*>/, (m) => `${m}\n${banner}`);
  }
  return out;
}

/** "¶ 1, https://…#p1": how a paragraph is cited, shown once in "how to cite" (only when the page has an address). */
function firstParagraphExample(ctx: ReturnType<typeof createContext>, edition: Edition, cite: { baseUrl?: string; fileName: string }): string | undefined {
  const first = find(edition.blocks, (b) => b.kind === 'paragraph' && b.number !== undefined, { scope: 'all' });
  if (first?.kind !== 'paragraph' || !first.id || first.number === undefined) return undefined;
  const anchor = ctx.ids.ref('doc', first.id);
  const url = editionUrls(edition, cite).paragraph(anchor);
  return url ? `¶ ${first.number}, ${url}` : undefined;
}

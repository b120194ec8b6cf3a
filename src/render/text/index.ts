import type { Edition } from '../../model/types';
import type { OutputFile, RenderOptions } from '../types';
import { entryViews } from '../../model/apparatus/view';
import { entryText } from './apparatus';
import { blockLines, WIDTH } from './blocks';
import type { InlineTextContext } from './inline';
import { outputName, textVariant } from '../output-names';
import { titleLines } from './title';
import { displayWidth, squash, wrap } from './wrap';
import { LEGEND_TITLE, legendOf } from '../../model/signs';

/**
 * The plain-text edition: UTF-8, LF line ends, 72 columns.
 *
 * Layout: a title block (title, author, place and date, edition, licence, how
 * to cite), the reading text, then the notes and the apparatus as numbered
 * lists. In the text a note is called `[1]` and an apparatus entry `[a1]`, so
 * that the two series never share a number. Apparatus entries read
 * `[a1] lemma] reading Sigla; reading Sigla` ("om." for an omission).
 */
export function renderText(edition: Edition, options: RenderOptions = {}): OutputFile[] {
  const notes = new Map(edition.notes.map((n) => [n.id, n.n]));
  const entries = new Map(edition.apparatus.map((e) => [e.id, e.n]));
  const ctx: InlineTextContext = {
    noteNumber: (id) => notes.get(id),
    entryNumber: (id) => entries.get(id),
    calls: true,
    mode: edition.options.mode,
  };
  const citation = options.citations?.text(edition, { baseUrl: options.baseUrl });
  const lines: string[] = [...titleLines(edition, citation), '', '='.repeat(WIDTH), ''];
  for (const x of blockLines(edition.blocks, ctx)) lines.push(x);
  for (const x of notesSection(edition, ctx)) lines.push(x);
  for (const x of witnessSection(edition)) lines.push(x);
  for (const x of legendSection(edition)) lines.push(x);
  for (const x of apparatusSection(edition)) lines.push(x);
  // C1 controls (legal in XML, terminal commands in a .txt) are shown as U+FFFD, as in the HTML; the loader warns where they are.
  const text = lines.map((l) => l.replace(/\s+$/, '')).join('\n').replace(/\n{3,}/g, '\n\n').replace(/[\u0080-\u009f]/g, '\ufffd') + '\n';
  return [{ path: outputName(edition, 'txt', textVariant(edition.options.mode)), data: text }];
}

function section(title: string): string[] {
  return ['', '', title, '-'.repeat(displayWidth(title)), ''];
}

function notesSection(edition: Edition, ctx: InlineTextContext): string[] {
  if (edition.notes.length === 0) return [];
  const out = section('Notes');
  for (const note of [...edition.notes].sort((a, b) => a.n - b.n)) {
    const label = `[${note.n}] `;
    const hang = ' '.repeat(displayWidth(label));
    const paras = blockLines(note.children, ctx).join('\n').split(/\n\n+/);
    if (paras.length === 0 || paras.every((p) => p.trim() === '')) {
      out.push(label.trimEnd());
      continue;
    }
    paras.forEach((p, i) => {
      if (i > 0) out.push('');
      // Re-wrap inside the hanging indent; verse or lists inside notes are rare enough to be run in.
      for (const x of wrap(squash(p), { width: WIDTH, first: i === 0 ? label : hang, rest: hang })) out.push(x);
    });
  }
  return out;
}

function witnessSection(edition: Edition): string[] {
  if (edition.witnesses.length === 0 || edition.apparatus.length === 0) return [];
  const out = section('Witnesses');
  for (const w of edition.witnesses) {
    const label = `${w.siglum || w.id}  `;
    for (const x of wrap(squash(w.description) || '(no description)', { width: WIDTH, first: label, rest: ' '.repeat(displayWidth(label)) })) out.push(x);
  }
  return out;
}

/** The signs the text and apparatus use, with the model's words for them. */
function legendSection(edition: Edition): string[] {
  const legend = edition.legend ?? legendOf(edition);
  if (legend.length === 0) return [];
  const out = section(LEGEND_TITLE);
  const width = Math.max(...legend.map((l) => displayWidth(l.shows)));
  for (const l of legend) {
    const label = l.shows + ' '.repeat(width - displayWidth(l.shows)) + '  ';
    for (const x of wrap(l.meaning, { width: WIDTH, first: label, rest: ' '.repeat(displayWidth(label)) })) out.push(x);
  }
  return out;
}

function apparatusSection(edition: Edition): string[] {
  if (edition.apparatus.length === 0) return [];
  const out = section('Apparatus');
  const views = entryViews(edition);
  for (const entry of [...edition.apparatus].sort((a, b) => a.n - b.n)) {
    const view = views.get(entry.id);
    if (!view) continue;
    const label = `[a${entry.n}] `;
    for (const x of wrap(entryText(view), { width: WIDTH, first: label, rest: ' '.repeat(displayWidth(label)) })) out.push(x);
  }
  return out;
}

import type { Edition } from '../../model/types';
import { witnessStatement } from '../../model/apparatus/witness-build';
import { editorNames, joinNames } from '../people';
import { WIDTH } from './blocks';
import { squash, wrap } from './wrap';

/** The title block of the plain text: what a reader needs to identify and cite the edition. */
export function titleLines(edition: Edition, citation: string | undefined): string[] {
  const m = edition.meta;
  const w = (s: string | undefined, first = '', rest = first): string[] =>
    s && squash(s) !== '' ? wrap(squash(s), { width: WIDTH, first, rest }) : [];
  const lines: string[] = [];
  for (const x of w(m.title)) lines.push(x);
  for (const x of w(m.subtitle)) lines.push(x);
  const authors = m.authors.map((a) => a.name).filter(Boolean);
  if (authors.length > 0) for (const x of w(joinNames(authors))) lines.push(x);
  const placeDate = [m.place, m.date?.text].filter((s): s is string => !!s && s.trim() !== '').join(', ');
  if (placeDate) lines.push('', ...w(placeDate));
  const addressees = m.addressees.map((a) => a.name).filter(Boolean);
  if (addressees.length > 0) for (const x of w(`To ${joinNames(addressees)}`)) lines.push(x);
  // A witness build says which witness it shows, before anything else is read.
  const witness = witnessStatement(edition);
  if (witness) lines.push('', ...w(witness));

  const about: string[] = [];
  const ed = m.edition;
  if (ed) {
    const text = squash(ed.text);
    const version = ed.version && !text.includes(ed.version) ? `version ${ed.version}` : '';
    for (const x of w([text, version].filter(Boolean).join(', '), 'Edition: ', '  ')) about.push(x);
  }
  const editors = editorNames(m);
  if (editors.length > 0) for (const x of w(`Edited by ${joinNames(editors)}`, '', '  ')) about.push(x);
  const published = [m.publisher, m.pubPlace, m.pubDate].filter((s): s is string => !!s && s.trim() !== '').join(', ');
  if (published) for (const x of w(published, 'Published: ', '  ')) about.push(x);
  if (m.licence) {
    const l = [squash(m.licence.text), m.licence.url].filter(Boolean).join(' ');
    for (const x of w(l, 'Licence: ', '  ')) about.push(x);
  }
  if (about.length > 0) lines.push('', ...about);
  if (citation !== undefined) lines.push('', 'How to cite:', ...w(citation, '  '));
  return lines;
}

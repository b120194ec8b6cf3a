import type { Edition } from '../../model/types';
import { editorNames, joinNames } from './citation';
import { WIDTH } from './blocks';
import { squash, wrap } from './wrap';

/** The title block of the plain text: what a reader needs to identify and cite the edition. */
export function titleLines(edition: Edition, citation: string): string[] {
  const m = edition.meta;
  const w = (s: string | undefined, first = '', rest = first): string[] =>
    s && squash(s) !== '' ? wrap(squash(s), { width: WIDTH, first, rest }) : [];
  const lines: string[] = [];
  lines.push(...w(m.title));
  lines.push(...w(m.subtitle));
  const authors = m.authors.map((a) => a.name).filter(Boolean);
  if (authors.length > 0) lines.push(...w(joinNames(authors)));
  const placeDate = [m.place, m.date?.text].filter((s): s is string => !!s && s.trim() !== '').join(', ');
  if (placeDate) lines.push('', ...w(placeDate));
  const addressees = m.addressees.map((a) => a.name).filter(Boolean);
  if (addressees.length > 0) lines.push(...w(`To ${joinNames(addressees)}`));

  const about: string[] = [];
  const ed = m.edition;
  if (ed) {
    const text = squash(ed.text);
    const version = ed.version && !text.includes(ed.version) ? `version ${ed.version}` : '';
    about.push(...w([text, version].filter(Boolean).join(', '), 'Edition: ', '  '));
  }
  const editors = editorNames(m);
  if (editors.length > 0) about.push(...w(`Edited by ${joinNames(editors)}`, '', '  '));
  const published = [m.publisher, m.pubPlace, m.pubDate].filter((s): s is string => !!s && s.trim() !== '').join(', ');
  if (published) about.push(...w(published, 'Published: ', '  '));
  if (m.licence) {
    const l = [squash(m.licence.text), m.licence.url].filter(Boolean).join(' ');
    about.push(...w(l, 'Licence: ', '  '));
  }
  if (about.length > 0) lines.push('', ...about);
  lines.push('', 'How to cite:', ...w(citation, '  '));
  return lines;
}

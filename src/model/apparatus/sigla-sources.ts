/**
 * The two facts of the teiHeader and <text> that the apparatus wording needs
 * and that no other part of the model keeps: which witness the base text
 * follows (transmitted forms carry its siglum), and who the edition's own
 * team is (an editor's form by one of them carries "ed.").
 */
import { attr, child, elementChildren, localIds, xmlId } from '../dom';
import type { Witness } from '../types';

/**
 * Mark the base witness: `text/@source` or `body/@source` pointing to a
 * witness, else the only witness of the document. A pointer to something
 * that is not a witness marks nothing (the pointer rules report it).
 */
export function markBaseWitness(root: Element, witnesses: Witness[]): void {
  const text = child(root, 'text');
  const body = child(text, 'body');
  const pointed = [...localIds(text ? attr(text, 'source') : undefined), ...localIds(body ? attr(body, 'source') : undefined)];
  const base = pointed.map((id) => witnesses.find((w) => w.id === id)).find((w) => w !== undefined)
    ?? (witnesses.length === 1 ? witnesses[0] : undefined);
  if (base) base.base = true;
}

/**
 * The edition's own team: the xml:ids of the titleStmt's and editionStmt's
 * editor and respStmt entries (and of the names inside them), and the
 * entries they point to with @ref or @corresp. `<editor xml:id="ed">` makes
 * "ed" a team id; `<editor><persName xml:id="AvS">` makes "AvS" one.
 */
export function teamIds(header: Element | undefined): string[] {
  const fileDesc = child(header, 'fileDesc');
  const out: string[] = [];
  const add = (id: string | undefined): void => {
    if (id && !out.includes(id)) out.push(id);
  };
  const visit = (el: Element): void => {
    add(xmlId(el));
    for (const id of [...localIds(attr(el, 'ref')), ...localIds(attr(el, 'corresp'))]) add(id);
    for (const c of elementChildren(el)) visit(c);
  };
  for (const stmt of [child(fileDesc, 'titleStmt'), child(fileDesc, 'editionStmt')]) {
    for (const c of elementChildren(stmt)) if (c.localName === 'editor' || c.localName === 'respStmt') visit(c);
  }
  return out;
}

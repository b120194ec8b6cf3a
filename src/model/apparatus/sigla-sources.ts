/**
 * Who the edition's own team is, the fact of the teiHeader the apparatus
 * wording needs and no other part of the model keeps: an editor's form by one
 * of them carries "ed.". (Which witness the base text follows, whose siglum
 * transmitted forms carry, is decided in witness-build.ts.)
 */
import { attr, child, elementChildren, localIds, xmlId } from '../dom';

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

/**
 * A teiCorpus as several documents: each TEI inside it (also inside a nested
 * teiCorpus) becomes a document of its own, with its own edition id and
 * outputs. Its header inherits from the corpus header (and from every
 * enclosing one) wherever it is silent: a part that is missing, or present
 * but empty (`<author/>`, `<publicationStmt><p/></publicationStmt>`), is
 * taken from the corpus. The TEI element is cloned first (xmldom copies the
 * source positions): the corpus's tree is not changed.
 */
import path from 'node:path';
import type { LoadedDocument } from '../parse/load';
import { ELEMENT_NODE, sanitizeId, TEI_NS, xmlId } from './dom';

/** fileDesc's parts, compared one by one; titleStmt's by element name. */
const HEADER_PARTS = ['fileDesc', 'encodingDesc', 'profileDesc', 'xenoData'];

/** The corpus's members as documents of their own, or undefined when the root is not a teiCorpus. */
export function corpusMembers(document: LoadedDocument): LoadedDocument[] | undefined {
  if (!isTei(document.root, 'teiCorpus')) return undefined;
  const out: LoadedDocument[] = [];
  const base = sanitizeId(path.basename(document.file).replace(/\.[^.]*$/, '')) || 'corpus';
  const visit = (corpus: Element, headers: Element[], lang: string | undefined): void => {
    const own = firstChild(corpus, 'teiHeader');
    const chain = own ? [own, ...headers] : headers;
    const corpusLang = corpus.getAttribute('xml:lang') || lang;
    for (const c of elementChildren(corpus)) {
      if (isTei(c, 'teiCorpus')) visit(c, chain, corpusLang);
      else if (isTei(c, 'TEI')) {
        const member = c.cloneNode(true) as Element;
        for (const h of chain) inheritHeader(member, h);
        if (!member.getAttribute('xml:lang') && corpusLang) member.setAttribute('xml:lang', corpusLang);
        // Without an id of its own, the member is named after the file and its place in it (never the corpus's id).
        if (!xmlId(member)) member.setAttributeNS('http://www.w3.org/XML/1998/namespace', 'xml:id', `${base}-${out.length + 1}`);
        out.push({ ...document, root: member });
      }
    }
  };
  visit(document.root, [], undefined);
  return out;
}

function inheritHeader(member: Element, corpusHeader: Element): void {
  let header = firstChild(member, 'teiHeader');
  if (!header) {
    header = corpusHeader.cloneNode(true) as Element;
    dropCorpusIdno(header);
    member.insertBefore(header, member.firstChild);
    return;
  }
  for (const name of HEADER_PARTS) {
    const theirs = firstChild(corpusHeader, name);
    if (!theirs) continue;
    const mine = firstChild(header, name);
    if (name === 'fileDesc' && mine) inheritFileDesc(mine, theirs);
    else if (!mine || silent(mine)) replaceOrAppend(header, mine, theirs);
  }
}

function inheritFileDesc(mine: Element, theirs: Element): void {
  for (const part of elementChildren(theirs)) {
    const own = firstChild(mine, part.localName);
    if (part.localName === 'titleStmt' && own) {
      // Title, author, editor…: each kind inherited when the member has none with text.
      const names = [...new Set(elementChildren(part).map((e) => e.localName))];
      for (const n of names) {
        const ownOfName = elementChildren(own).filter((e) => e.localName === n);
        if (ownOfName.some((e) => !silent(e))) continue;
        for (const e of ownOfName) own.removeChild(e);
        for (const e of elementChildren(part).filter((x) => x.localName === n)) own.appendChild(e.cloneNode(true));
      }
    } else if (!own || silent(own)) {
      replaceOrAppend(mine, own, part);
    }
  }
}

function replaceOrAppend(parent: Element, mine: Element | undefined, theirs: Element): void {
  const copy = theirs.cloneNode(true) as Element;
  dropCorpusIdno(copy);
  if (mine) parent.replaceChild(copy, mine);
  else parent.appendChild(copy);
}

/** The corpus's local idno names the corpus, not a member: a member that inherited it would take the corpus's id. */
function dropCorpusIdno(el: Element): void {
  for (const idno of Array.from(el.getElementsByTagNameNS(TEI_NS, 'idno'))) {
    if (idno.getAttribute('type') === 'local') idno.parentNode?.removeChild(idno);
  }
}

/** No text and no attribute anywhere inside: an element that says nothing (`<author/>`, `<p/>`). */
function silent(el: Element): boolean {
  if ((el.textContent ?? '').trim() !== '') return false;
  const hasAttrs = (e: Element): boolean => e.attributes.length > 0 || elementChildren(e).some(hasAttrs);
  return !elementChildren(el).some(hasAttrs);
}

function isTei(el: Element, name: string): boolean {
  return el.localName === name && el.namespaceURI === TEI_NS;
}

function firstChild(el: Element, name: string): Element | undefined {
  return elementChildren(el).find((c) => isTei(c, name));
}

function elementChildren(el: Element): Element[] {
  const out: Element[] = [];
  for (let n = el.firstChild; n; n = n.nextSibling) if (n.nodeType === ELEMENT_NODE) out.push(n as Element);
  return out;
}

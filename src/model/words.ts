/**
 * Words of a TEI document and of its model, for "no text is lost" checks
 * (model tests here; the HTML, text and PDF tests can reuse them).
 *
 * A word is a run of letters, digits and combining marks; punctuation and
 * spaces separate words. `teiTextWords` and `editionWords` both cut words at
 * the edges of every text node, so the check does not depend on how the model
 * joins words across element boundaries (`Lenin</persName>’s`, `Erkennt<lb
 * break="no"/>niß`): it asks only whether every piece of text of the TEI is
 * still somewhere in the model. `readingWords` is what a reader sees: breaks
 * separate words unless they join, hidden material and unshown readings are
 * left out. Compare rendered output with that.
 */
import { CDATA_SECTION_NODE, ELEMENT_NODE, isTei, TEXT_NODE } from './dom';
import type { Block, Edition, Inline } from './types';

const WORD = /[\p{L}\p{N}\p{M}]+/gu;

export function words(text: string): string[] {
  return text.match(WORD) ?? [];
}

export interface TeiWordsOptions {
  /** Leave out these subtrees (e.g. entity lists that the model turns into data). */
  skip?: (el: Element) => boolean;
}

/** Words of every text node under the <text> elements of a document (all of them, in a teiCorpus). */
export function teiTextWords(doc: Document | Element, options: TeiWordsOptions = {}): string[] {
  const root = 'documentElement' in doc ? doc.documentElement : doc;
  const out: string[] = [];
  const collect = (el: Element): void => {
    for (let n = el.firstChild; n; n = n.nextSibling) {
      if (n.nodeType === TEXT_NODE || n.nodeType === CDATA_SECTION_NODE) for (const x of words((n as CharacterData).data)) out.push(x);
      else if (n.nodeType === ELEMENT_NODE && !options.skip?.(n as Element)) collect(n as Element);
    }
  };
  const find = (el: Element): void => {
    for (let n = el.firstChild; n; n = n.nextSibling) {
      if (n.nodeType !== ELEMENT_NODE) continue;
      const c = n as Element;
      if (isTei(c, 'text')) collect(c);
      else if (isTei(c, 'TEI') || isTei(c, 'teiCorpus')) find(c);
    }
  };
  if (root) find(root);
  return out;
}

/**
 * Every word the model holds: blocks and headings, notes, all readings of the
 * apparatus, hidden and unshown material included, gap descriptions, and
 * entity and witness data. Cut at text-node edges (see above).
 */
export function editionWords(edition: Edition): string[] {
  const out: string[] = [];
  const inl = (nodes: readonly Inline[]): void => {
    for (const n of nodes) {
      switch (n.kind) {
        case 'text':
          for (const x of words(n.text)) out.push(x);
          break;
        case 'alternate':
          inl(n.edited);
          inl(n.transmitted);
          break;
        case 'variant':
          for (const r of n.readings) inl(r.children);
          break;
        case 'gap':
          for (const x of words(`${n.reason ?? ''} ${n.extent ?? ''}`)) out.push(x);
          break;
        case 'break':
        case 'noteRef':
          break;
        default:
          inl(n.children);
      }
    }
  };
  const blk = (blocks: readonly Block[]): void => {
    for (const b of blocks) {
      if (b.kind === 'paragraph') inl(b.children);
      else {
        if (b.heading) inl(b.heading);
        blk(b.children);
      }
    }
  };
  blk(edition.blocks);
  for (const note of edition.notes) blk(note.children);
  // Readings of entries are the same arrays as in the text; they are counted again, which a "contains" check allows.
  for (const entry of edition.apparatus) for (const r of entry.readings) inl(r.children);
  for (const e of edition.entities) {
    out.push(...words([e.name, ...e.altNames, e.birth, e.death, e.dates, e.description].filter((x) => x).join(' ')));
  }
  for (const w of edition.witnesses) out.push(...words(`${w.siglum} ${w.description}`));
  return out;
}

/** The words a reader of the reading text sees, in order (no notes, no apparatus). */
export function readingWords(edition: Edition): string[] {
  return words(readingText(edition.blocks));
}

/** The reading text as plain text: blocks on lines of their own, breaks as spaces unless they join. */
export function readingText(blocks: readonly Block[]): string {
  const parts: string[] = [];
  const inl = (nodes: readonly Inline[]): void => {
    for (const n of nodes) {
      switch (n.kind) {
        case 'text':
          parts.push(n.text);
          break;
        case 'break':
          if (!n.joins) parts.push(' ');
          break;
        case 'alternate':
          inl(n.shown === 'edited' ? n.edited : n.transmitted);
          break;
        case 'variant':
          inl(n.readings[n.shown]?.children ?? []);
          break;
        case 'editorial':
          if (n.visible) inl(n.children);
          break;
        case 'generic':
          if (!n.hidden) inl(n.children);
          break;
        case 'gap':
          parts.push(n.signs?.open ?? '[…]');
          break;
        case 'noteRef':
          break;
        default:
          inl(n.children);
      }
    }
  };
  const blk = (bs: readonly Block[]): void => {
    for (const b of bs) {
      if (b.kind === 'paragraph') {
        inl(b.children);
        parts.push('\n');
      } else {
        if (b.heading) {
          inl(b.heading);
          parts.push('\n');
        }
        blk(b.children);
      }
    }
  };
  blk(blocks);
  return parts.join('');
}

/** Words of `expected` missing from `actual`, counted as multisets. */
export function missingWords(expected: readonly string[], actual: readonly string[]): Map<string, number> {
  const have = new Map<string, number>();
  for (const w of actual) have.set(w, (have.get(w) ?? 0) + 1);
  const missing = new Map<string, number>();
  for (const w of expected) {
    const left = have.get(w) ?? 0;
    if (left > 0) have.set(w, left - 1);
    else missing.set(w, (missing.get(w) ?? 0) + 1);
  }
  return missing;
}

import { DOMParser, XMLSerializer, type Element } from '@xmldom/xmldom';

/**
 * A faster grammar for the same language, used for the verdict only.
 *
 * libxml2 compiles each element's content model into an automaton and then
 * checks that the automaton is deterministic by comparing every pair of
 * transitions leaving each state. TEI's mixed content, zeroOrMore(choice(text,
 * …150 elements…)), makes that check quadratic, and it is nearly all of the
 * grammar's compilation (measured with perf on native libxml2: 0.40 of 0.42 s
 * for the project schema, 6.3 of 6.75 s for tei_all).
 *
 * RELAX NG's own reading of <mixed> writes the same content as
 * interleave(text, zeroOrMore(choice(…elements…))): the same sequences of
 * children, since text may come anywhere and any number of times. libxml2 does
 * not turn an interleave into an automaton, so this form compiles in a
 * twentieth of the time, and validates as fast. But when a document is invalid
 * libxml2 explains that form badly (a cascade of "has extra content" naming
 * the wrong child), so callers use it only to decide which documents are
 * valid, and validate the others again with the grammar as written.
 *
 * The rewrite is made only where it cannot change what libxml2 does with the
 * children around it: where the mixed content is an element's whole content,
 * attributes aside (directly, or through defines used only that way). Any
 * construct this module does not follow (include, externalRef, nested
 * grammars, combined defines) leaves the grammar as it is.
 */

const RNG = 'http://relaxng.org/ns/structure/1.0';

const NAME_CLASSES = new Set(['name', 'anyName', 'nsName', 'choice']);
const UNFOLLOWED = ['include', 'externalRef', 'parentRef'];
const CONTAINERS = new Set(['optional', 'zeroOrMore', 'oneOrMore', 'group', 'choice', 'interleave']);

function patterns(el: Element): Element[] {
  const out: Element[] = [];
  for (let c = el.firstChild; c; c = c.nextSibling) {
    if (c.nodeType === 1 && (c as Element).namespaceURI === RNG) out.push(c as Element);
  }
  return out;
}

/** An element's content patterns: its name class, when given as a child, is not content. */
function contentOf(element: Element): Element[] {
  const all = patterns(element);
  return !element.hasAttribute('name') && all.length > 0 && NAME_CLASSES.has(all[0].localName ?? '') ? all.slice(1) : all;
}

class Rewriter {
  private readonly defines = new Map<string, Element>();
  private readonly refs = new Map<string, Element[]>();
  private readonly attributeOnly = new Map<string, boolean>();
  private readonly wholeContent = new Map<string, boolean>();

  constructor(root: Element) {
    for (const d of Array.from(root.getElementsByTagNameNS(RNG, 'define'))) this.defines.set(d.getAttribute('name') ?? '', d);
    for (const r of Array.from(root.getElementsByTagNameNS(RNG, 'ref'))) {
      const name = r.getAttribute('name') ?? '';
      const list = this.refs.get(name) ?? [];
      list.push(r);
      this.refs.set(name, list);
    }
  }

  /** Whether the pattern can only ever match attributes (or nothing). */
  private onlyAttributes(p: Element): boolean {
    const kind = p.localName ?? '';
    if (kind === 'attribute' || kind === 'empty') return true;
    if (CONTAINERS.has(kind)) return patterns(p).every((c) => this.onlyAttributes(c));
    if (kind !== 'ref') return false;
    const name = p.getAttribute('name') ?? '';
    const known = this.attributeOnly.get(name);
    if (known !== undefined) return known;
    this.attributeOnly.set(name, false); // a cycle through refs without an element is not attribute-only
    const def = this.defines.get(name);
    const verdict = def !== undefined && patterns(def).every((c) => this.onlyAttributes(c));
    this.attributeOnly.set(name, verdict);
    return verdict;
  }

  /** Whether `p` is all of its element's content once attributes are set aside. */
  private isWholeContent(p: Element): boolean {
    const parent = p.parentNode as Element | null;
    if (!parent || parent.namespaceURI !== RNG) return false;
    if (parent.localName === 'element') return contentOf(parent).every((c) => c === p || this.onlyAttributes(c));
    if (parent.localName !== 'define') return false;
    if (!patterns(parent).every((c) => c === p || this.onlyAttributes(c))) return false;
    return this.defineIsWholeContent(parent.getAttribute('name') ?? '');
  }

  private defineIsWholeContent(name: string): boolean {
    const known = this.wholeContent.get(name);
    if (known !== undefined) return known;
    this.wholeContent.set(name, false);
    const uses = this.refs.get(name) ?? [];
    const verdict = uses.length > 0 && uses.every((r) => this.isWholeContent(r));
    this.wholeContent.set(name, verdict);
    return verdict;
  }

  /** zeroOrMore(choice(text, X…)) as an element's whole content becomes interleave(text, zeroOrMore(choice(X…))). */
  rewrite(z: Element): boolean {
    const kids = patterns(z);
    if (kids.length !== 1 || kids[0].localName !== 'choice') return false;
    const choice = kids[0];
    const alternatives = patterns(choice);
    const texts = alternatives.filter((c) => c.localName === 'text' && patterns(c).length === 0);
    if (texts.length === 0 || texts.length === alternatives.length) return false;
    if (!this.isWholeContent(z)) return false;
    const doc = z.ownerDocument!;
    for (const t of texts) choice.removeChild(t);
    const interleave = doc.createElementNS(RNG, 'interleave');
    z.parentNode!.replaceChild(interleave, z);
    interleave.appendChild(doc.createElementNS(RNG, 'text'));
    interleave.appendChild(z);
    return true;
  }
}

/**
 * The verdict grammar for `schema` (RELAX NG XML syntax), or undefined when
 * nothing was rewritten or the grammar uses what this module does not follow.
 */
export function verdictGrammar(schema: string): string | undefined {
  let failed = false;
  let doc;
  try {
    doc = new DOMParser({ onError: () => (failed = true) }).parseFromString(schema, 'text/xml');
  } catch {
    // Not well-formed: libxml2 will say so when it reads the grammar as written.
    return undefined;
  }
  const root = doc.documentElement;
  if (failed || !root || root.namespaceURI !== RNG || root.localName !== 'grammar') return undefined;
  if (root.getElementsByTagNameNS(RNG, 'grammar').length > 0) return undefined;
  if (UNFOLLOWED.some((name) => root.getElementsByTagNameNS(RNG, name).length > 0)) return undefined;
  const defines = Array.from(root.getElementsByTagNameNS(RNG, 'define'));
  if (defines.some((d) => d.hasAttribute('combine'))) return undefined;
  if (new Set(defines.map((d) => d.getAttribute('name'))).size !== defines.length) return undefined;
  const rewriter = new Rewriter(root);
  let changed = 0;
  for (const z of Array.from(root.getElementsByTagNameNS(RNG, 'zeroOrMore'))) if (rewriter.rewrite(z)) changed++;
  return changed > 0 ? new XMLSerializer().serializeToString(doc) : undefined;
}

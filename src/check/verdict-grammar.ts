import { scanMarkup } from '../parse/scan';

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
 * twentieth of the time (it then validates a letter in ~6–8 ms instead of ~2,
 * natively: it interprets the pattern). And when a document is invalid
 * libxml2 explains that form badly (a cascade of "has extra content" naming
 * the wrong child), so callers use it only to decide which documents are
 * valid, and validate the others again with the grammar as written.
 *
 * The rewrite is made only where it cannot change what libxml2 does with the
 * children around it: where the mixed content is an element's whole content,
 * attributes aside (directly, or through defines used only that way). Any
 * construct this module does not follow (include, externalRef, nested
 * grammars, combined defines, a DOCTYPE) leaves the grammar as it is.
 *
 * The grammar is read with a lexical scan, not a DOM, and the rewrite is
 * spliced into its text: xmldom took 100 ms to parse and print the project
 * schema (330 ms for tei_all), on the path of every `edition validate`.
 */

const RNG = 'http://relaxng.org/ns/structure/1.0';

const NAME_CLASSES = new Set(['name', 'anyName', 'nsName', 'choice']);
const UNFOLLOWED = new Set(['include', 'externalRef', 'parentRef', 'grammar']);
const CONTAINERS = new Set(['optional', 'zeroOrMore', 'oneOrMore', 'group', 'choice', 'interleave']);

/** An element of the grammar (a tag pair in its text), as much as the rewrite needs. */
interface Tag {
  local: string;
  /** The prefix of its tag ('' for none): the rewrite writes its own elements with it. */
  prefix: string;
  isRng: boolean;
  attrs: Map<string, string>;
  parent?: Tag;
  /** Its elements in the RELAX NG namespace (annotations left out). */
  patterns: Tag[];
  /** Offsets of its start tag's `<` and just after its end (its end tag, or `/>`). */
  start: number;
  end: number;
  /** Namespace bindings in scope inside it. */
  scope: Map<string, string>;
}

const ATTR_RE = /([^\s=/>]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g;

function unescape(value: string): string {
  if (!value.includes('&')) return value;
  return value.replace(/&(#x[0-9a-fA-F]+|#[0-9]+|amp|lt|gt|quot|apos);/g, (_, e: string) =>
    e === 'amp' ? '&' : e === 'lt' ? '<' : e === 'gt' ? '>' : e === 'quot' ? '"' : e === 'apos' ? "'" : String.fromCodePoint(e[1] === 'x' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10)),
  );
}

/** The grammar's elements in document order, or undefined for what this module does not read. */
function readGrammar(text: string): Tag[] | undefined {
  const all: Tag[] = [];
  const open: Tag[] = [];
  let refused = false;
  const complete = scanMarkup(text, 0, (kind, start, end) => {
    if (kind === 'other') {
      refused = text.startsWith('<!DOCTYPE', start);
      return !refused;
    }
    if (kind === 'end') {
      const node = open.pop();
      if (!node) return !(refused = true);
      node.end = end;
      return true;
    }
    const tag = text.slice(start + 1, kind === 'empty' ? end - 2 : end - 1);
    const qname = /^[^\s/>]+/.exec(tag)?.[0] ?? '';
    const parent = open[open.length - 1];
    let scope = parent?.scope ?? new Map<string, string>();
    const attrs = new Map<string, string>();
    for (const m of tag.slice(qname.length).matchAll(ATTR_RE)) {
      const value = unescape(m[2] ?? m[3]);
      if (m[1] === 'xmlns' || m[1].startsWith('xmlns:')) {
        if (scope === parent?.scope) scope = new Map(scope);
        scope.set(m[1] === 'xmlns' ? '' : m[1].slice(6), value);
      } else if (!m[1].includes(':')) attrs.set(m[1], value);
    }
    const colon = qname.indexOf(':');
    const prefix = colon < 0 ? '' : qname.slice(0, colon);
    const node: Tag = {
      local: qname.slice(colon + 1), prefix, isRng: scope.get(prefix) === RNG, attrs, parent,
      patterns: [], start, end, scope,
    };
    if (node.isRng && parent) parent.patterns.push(node);
    all.push(node);
    if (kind === 'start') open.push(node);
    return true;
  });
  if (!complete || refused || open.length > 0) return undefined;
  return all;
}

/** An element's content patterns: its name class, when given as a child, is not content. */
function contentOf(element: Tag): Tag[] {
  const all = element.patterns;
  return !element.attrs.has('name') && all.length > 0 && NAME_CLASSES.has(all[0].local) ? all.slice(1) : all;
}

class Rewriter {
  private readonly defines = new Map<string, Tag>();
  private readonly refs = new Map<string, Tag[]>();
  private readonly attributeOnly = new Map<string, boolean>();
  private readonly wholeContent = new Map<string, boolean>();

  constructor(nodes: readonly Tag[]) {
    for (const n of nodes) {
      if (!n.isRng) continue;
      const name = n.attrs.get('name') ?? '';
      if (n.local === 'define') this.defines.set(name, n);
      if (n.local !== 'ref') continue;
      const uses = this.refs.get(name);
      if (uses) uses.push(n);
      else this.refs.set(name, [n]);
    }
  }

  /** Whether the pattern can only ever match attributes (or nothing). */
  private onlyAttributes(p: Tag): boolean {
    if (p.local === 'attribute' || p.local === 'empty') return true;
    if (CONTAINERS.has(p.local)) return p.patterns.every((c) => this.onlyAttributes(c));
    if (p.local !== 'ref') return false;
    const name = p.attrs.get('name') ?? '';
    const known = this.attributeOnly.get(name);
    if (known !== undefined) return known;
    this.attributeOnly.set(name, false); // a cycle through refs without an element is not attribute-only
    const def = this.defines.get(name);
    const verdict = def !== undefined && def.patterns.every((c) => this.onlyAttributes(c));
    this.attributeOnly.set(name, verdict);
    return verdict;
  }

  /** Whether `p` is all of its element's content once attributes are set aside. */
  private isWholeContent(p: Tag): boolean {
    const parent = p.parent;
    if (!parent || !parent.isRng) return false;
    if (parent.local === 'element') return contentOf(parent).every((c) => c === p || this.onlyAttributes(c));
    if (parent.local !== 'define') return false;
    if (!parent.patterns.every((c) => c === p || this.onlyAttributes(c))) return false;
    return this.defineIsWholeContent(parent.attrs.get('name') ?? '');
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

  /**
   * The edits that make zeroOrMore(choice(text, X…)), as an element's whole content,
   * interleave(text, zeroOrMore(choice(X…))); none when it is not that.
   */
  rewrite(z: Tag): Edit[] {
    if (z.local !== 'zeroOrMore' || z.patterns.length !== 1 || z.patterns[0].local !== 'choice') return [];
    const alternatives = z.patterns[0].patterns;
    const texts = alternatives.filter((c) => c.local === 'text' && c.patterns.length === 0);
    if (texts.length === 0 || texts.length === alternatives.length) return [];
    // The new elements are written with z's prefix, bound to RELAX NG where they go (around z).
    if (z.parent?.scope.get(z.prefix) !== RNG || !this.isWholeContent(z)) return [];
    const q = (local: string) => (z.prefix ? `${z.prefix}:${local}` : local);
    return [
      { at: z.start, to: z.start, insert: `<${q('interleave')}><${q('text')}/>` },
      ...texts.map((t) => ({ at: t.start, to: t.end, insert: '' })),
      { at: z.end, to: z.end, insert: `</${q('interleave')}>` },
    ];
  }
}

interface Edit {
  at: number;
  to: number;
  insert: string;
}

/**
 * The verdict grammar for `schema` (RELAX NG XML syntax), or undefined when
 * nothing was rewritten or the grammar uses what this module does not follow.
 */
export function verdictGrammar(schema: string): string | undefined {
  const nodes = readGrammar(schema);
  const root = nodes?.[0];
  if (!nodes || !root || !root.isRng || root.local !== 'grammar') return undefined;
  const rng = nodes.slice(1).filter((n) => n.isRng);
  if (rng.some((n) => UNFOLLOWED.has(n.local))) return undefined;
  const defines = rng.filter((n) => n.local === 'define');
  if (defines.some((d) => d.attrs.has('combine'))) return undefined;
  if (new Set(defines.map((d) => d.attrs.get('name'))).size !== defines.length) return undefined;
  const rewriter = new Rewriter(rng);
  const edits = rng.flatMap((n) => rewriter.rewrite(n)).sort((a, b) => a.at - b.at || a.to - b.to);
  if (edits.length === 0) return undefined;
  let out = '';
  let from = 0;
  for (const e of edits) {
    out += schema.slice(from, e.at) + e.insert;
    from = e.to;
  }
  return out + schema.slice(from);
}

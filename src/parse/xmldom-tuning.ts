/**
 * Two costs of @xmldom/xmldom 0.9's parse that buy nothing for our documents,
 * removed without changing a node of the tree (the trees are compared node by
 * node, with positions, against expectations recorded before:
 * test/rules/sameness.test.ts). Each is applied only if xmldom has the shape
 * it was written against (test/parse/xmldom-tuning.test.ts says when an
 * upgrade turns one off).
 *
 * 1. Regular expressions. xmldom builds a new one for every end tag it reads
 * (`g.reg('^', g.QName_group, g.S_OPT, '$')` in sax.js: the source of its
 * Unicode QName class, some 600 characters, joined and compiled again):
 * about a fifth of its parse time (0.1 s of 0.5 s on the 4 MB benchmark
 * novel). They are built from the same constant parts each time and none is
 * global or sticky (no lastIndex state), so one per combination of parts
 * serves every call. sax.js looks `reg` up on the grammar module at each
 * call, which is what lets the memo take its place.
 *
 * 2. The final normalize(). At the end of every parse xmldom walks the whole
 * tree again to merge adjacent text nodes (allocating two frames per node),
 * which its parser never makes: one run of text becomes one node, and
 * comments, CDATA sections and processing instructions are nodes of their
 * own. The handler below notes whether a text node was ever appended right
 * after another, and normalizes only then.
 */
import path from 'node:path';

type Reg = (this: unknown, ...parts: unknown[]) => RegExp;

interface Grammar {
  reg: Reg;
  /** Set by this module on the grammar it has wrapped, so that a second import does not wrap the wrapper. */
  editionMemo?: true;
}

/** A nested map: one level per argument (the receiver first), the RegExp under the map itself as key. */
type Memo = Map<unknown, Memo | RegExp>;

function memoised(reg: Reg): Reg {
  const root: Memo = new Map();
  return function (this: unknown, ...parts: unknown[]): RegExp {
    let level = root;
    for (const key of [this, ...parts]) {
      let next = level.get(key) as Memo | undefined;
      if (!next) level.set(key, (next = new Map()));
      level = next;
    }
    let re = level.get(level) as RegExp | undefined;
    if (!re) {
      re = reg.apply(this, parts);
      // A global or sticky expression keeps state between calls: not shared (none is, in 0.9).
      if (re.global || re.sticky) return re;
      level.set(level, re);
    }
    return re;
  };
}

/** One of xmldom's own modules (not part of its typed API): reached by file, beside the package's entry point. */
function xmldomModule<T>(file: string): Partial<T> | undefined {
  try {
    return require(path.join(path.dirname(require.resolve('@xmldom/xmldom')), file)) as Partial<T>;
  } catch {
    return undefined;
  }
}

export function installXmldomRegexMemo(): boolean {
  const grammar = xmldomModule<Grammar>('grammar.js');
  if (!grammar) return false;
  if (grammar.editionMemo) return true;
  if (typeof grammar.reg !== 'function') return false;
  grammar.reg = memoised(grammar.reg);
  grammar.editionMemo = true;
  return true;
}

/** The part of xmldom's SAX-to-DOM handler (exported as __DOMHandler) that the subclass below relies on. */
interface DomHandler {
  doc: Document;
  currentElement?: Node | null;
  cdata?: boolean;
  characters(chars: string, start: number, length: number): void;
  endDocument(): void;
}
type DomHandlerClass = new (options: unknown) => DomHandler;

/** endDocument as 0.9 writes it: a normalize() and nothing else. */
const NORMALIZE_ONLY = /^function\s*\(\)\s*\{\s*this\.doc\.normalize\(\);?\s*\}$/;

function textAwareHandler(): DomHandlerClass | undefined {
  // The DOMParser option `domHandler` takes a subclass of it.
  const Base = xmldomModule<{ __DOMHandler: DomHandlerClass }>('dom-parser.js')?.__DOMHandler;
  if (typeof Base !== 'function' || !NORMALIZE_ONLY.test(String(Base.prototype.endDocument))) return undefined;
  return class TextAwareHandler extends Base {
    private adjacentText = false;

    override characters(chars: string, start: number, length: number): void {
      // A superset of the cases that make two text nodes neighbours (an empty run adds no node, but is counted): normalize() then runs as before.
      const parent = this.currentElement ?? this.doc;
      if (!this.cdata && parent?.lastChild?.nodeType === 3) this.adjacentText = true;
      super.characters(chars, start, length);
    }

    override endDocument(): void {
      if (this.adjacentText) super.endDocument();
    }
  };
}

let handler: DomHandlerClass | undefined | null = null;

/** The `domHandler` to give xmldom's DOMParser, or undefined for its own. */
export function xmldomHandler(): DomHandlerClass | undefined {
  if (handler === null) handler = textAwareHandler();
  return handler;
}

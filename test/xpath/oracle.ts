/**
 * The same XPath evaluated by SaxonJS (the oracle) and by src/check/xpath,
 * on the same document text, with results written out the same way: each
 * item as "node <path()>" or "<type> <string value>", or the error code.
 * Both sides run the same wrapper expression around the one under test, so
 * nodes are compared by XPath 3.1's path() as each side computes it.
 */
import { DOMParser } from '@xmldom/xmldom';
import { compileXPath, isNode, XPathDynamicError, XPathUnsupported, type Sequence } from '../../src/check/xpath';

interface SaxonError {
  code?: string;
  message: string;
}
interface Saxon {
  XPath: { evaluate(xpath: string, context: unknown, options?: Record<string, unknown>): unknown };
}
// saxon-js ships no type declarations: narrowed at once to the slice used here.
const SaxonJS = require('saxon-js') as Saxon;

export const TEI_NS = 'http://www.tei-c.org/ns/1.0';

const TYPES = ['xs:integer', 'xs:decimal', 'xs:double', 'xs:boolean', 'xs:untypedAtomic', 'xs:anyURI', 'xs:string'];
const CHAIN = `${TYPES.map((t) => `if (. instance of ${t}) then '${t}' else `).join('')}'other'`;
/** Atomic items described; a node says NODE (Saxon types `path(.)` statically, so nodes get a second wrapper). */
const wrapAtomic = (e: string): string => `(${e}\n) ! (if (. instance of node()) then 'NODE' else (${CHAIN}) || ' ' || string(.))`;
const wrapNode = (e: string): string => `(${e}\n) ! ('node ' || path(.))`;

export type Outcome = { items: string[] } | { error: string };

export class Oracle {
  readonly saxonDoc: unknown;
  readonly dom: Document;

  constructor(readonly text: string) {
    this.saxonDoc = SaxonJS.XPath.evaluate('parse-xml($text)', null, { params: { text } });
    this.dom = new DOMParser().parseFromString(text, 'text/xml') as unknown as Document;
  }

  saxon(expr: string, ns: Record<string, string>, context?: unknown, params: Record<string, unknown> = {}): Outcome {
    const run = (x: string): string[] => SaxonJS.XPath.evaluate(x, context ?? this.saxonDoc, { namespaceContext: ns, params, resultForm: 'array' }) as string[];
    try {
      let items = run(wrapAtomic(expr));
      if (items.includes('NODE')) items = run(wrapNode(expr));
      return { items };
    } catch (e) {
      return { error: (e as SaxonError).code ?? `no code: ${(e as SaxonError).message}` };
    }
  }

  /** Saxon's own result (its nodes), for binding a variable on the Saxon side. */
  saxonNodes(expr: string, ns: Record<string, string>): unknown {
    return SaxonJS.XPath.evaluate(expr, this.saxonDoc, { namespaceContext: ns, resultForm: 'array' });
  }

  ours(expr: string, ns: Record<string, string>, context?: Node, variables: ReadonlyMap<string, Sequence> = new Map()): Outcome {
    try {
      const a = compileXPath(wrapAtomic(expr), ns).evaluate(context ?? this.dom, variables);
      let items = a.map((i) => (isNode(i) ? 'NODE' : (i as { value: string }).value));
      if (items.includes('NODE')) items = compileXPath(wrapNode(expr), ns).evaluate(context ?? this.dom, variables).map((i) => (i as { value: string }).value);
      return { items };
    } catch (e) {
      if (e instanceof XPathDynamicError) return { error: e.code };
      if (e instanceof XPathUnsupported) return { error: `unsupported: ${e.message}` };
      throw e;
    }
  }
}

/**
 * An XPath 3.1 subset over @xmldom/xmldom trees, for the in-process
 * Schematron runner: what it supports it evaluates with XPath 3.1's
 * semantics over untyped data; anything else is refused when compiled
 * (XPathUnsupported), and the caller runs that schema with SaxonJS.
 * See docs/xpath.md.
 */
import type { Atomic } from './atomic';
import { compileExpr } from './compile';
import { dynamicError, XPathDynamicError, XPathUnsupported } from './errors';
import { parseXPath } from './parser';
import { effectiveBooleanValue, isNode, stringValue, type Ctx, type Item, type Sequence } from './values';

export { XPathDynamicError, XPathUnsupported, effectiveBooleanValue, isNode, stringValue };
export type { Atomic, Item, Sequence };

export interface CompiledXPath {
  /** context: the context item (a node), or null (then any use of . / position() / a relative path is XPDY0002). Variables by their name as written after $ (e.g. "header", or "Q{uri}local" for a URI-qualified name). */
  evaluate(context: Node | null, variables: ReadonlyMap<string, Sequence>): Sequence;
  /** Variable names the expression uses that it does not bind itself (for/let/some/every). */
  readonly freeVariables: readonly string[];
}

export function compileXPath(expression: string, namespaces: Readonly<Record<string, string>>): CompiledXPath {
  const ast = parseXPath(expression, namespaces);
  const { evaluate, slots, free } = compileExpr(ast);
  const freeVars = [...free.entries()];
  return {
    freeVariables: freeVars.map(([name]) => name),
    evaluate(context, variables) {
      const vars: Sequence[] = new Array<Sequence>(slots);
      for (const [name, slot] of freeVars) {
        const v = variables.get(name);
        if (v === undefined) dynamicError('XPST0008', `the variable $${name} is not bound`);
        vars[slot] = v;
      }
      const c: Ctx = { item: context as Item | null, pos: context ? 1 : 0, size: context ? 1 : 0, vars };
      return evaluate(c);
    },
  };
}


/**
 * Schematron over the document's own xmldom tree, with the project's XPath
 * evaluator (../xpath): no second parse, no SaxonJS to load. Used for every
 * schema whose expressions the evaluator compiles (the project's own does);
 * the others run with SaxonJS (saxon.ts), whose semantics this runner
 * reproduces finding for finding (test/rules/schematron-engines.test.ts).
 */
import { positionOf, type Diagnostic } from '../../diagnostic';
import { compileXPath, effectiveBooleanValue, isNode, stringValue, XPathUnsupported, type CompiledXPath, type Sequence } from '../xpath';
import { ruleFailure } from './saxon';
import { defaultMessage, normalize, problem, type Check, type CompiledPattern, type CompiledRule, type Let, type MessagePart, type Where, type XPathChecker } from './types';

type Variables = Map<string, Sequence>;

/**
 * Compiles every expression with the native evaluator. A schema is native only
 * if all of them compile and use no variable they cannot see; otherwise the
 * compiler starts again with SaxonJS, which also words any static error.
 */
export class NativeChecker implements XPathChecker {
  readonly compiled = new Map<string, CompiledXPath>();
  /** Why the schema cannot run natively (the first expression refused), if it cannot. */
  refused?: string;

  constructor(private readonly namespaces: Record<string, string>) {}

  check(xpath: string, _where: Where, visible: readonly Let[], what: string): boolean {
    if (this.refused) return true;
    let c = this.compiled.get(xpath);
    if (!c) {
      try {
        c = compileXPath(xpath, this.namespaces);
      } catch (e) {
        if (!(e instanceof XPathUnsupported)) throw e;
        this.refused = `${what}: ${e.message}`;
        return true;
      }
      this.compiled.set(xpath, c);
    }
    const names = new Set(visible.map((l) => l.name));
    const unknown = c.freeVariables.find((v) => !names.has(v));
    if (unknown !== undefined) this.refused = `${what} uses $${unknown}, which is not declared before it`;
    return true;
  }
}

/** A finding located at a node of the tree: the element, or the attribute, the check points at. */
export class NativeRunner {
  constructor(
    private readonly globals: readonly Let[],
    private readonly patterns: readonly CompiledPattern[],
    private readonly compiled: ReadonlyMap<string, CompiledXPath>,
  ) {}

  run(file: string, doc: Document): Diagnostic[] {
    const out: Diagnostic[] = [];
    const variables: Variables = new Map();
    const bind = (lets: readonly Let[], into: Variables): boolean => {
      for (const l of lets) {
        try {
          into.set(l.name, this.xpath(l.value).evaluate(doc, into));
        } catch (e) {
          out.push(problem(l.where, 'schematron-error', `<let name="${l.name}"> could not be evaluated on ${file}: ${messageOf(e)}`));
          return false;
        }
      }
      return true;
    };
    if (!bind(this.globals, variables)) return out;
    for (const pattern of this.patterns) {
      const local = new Map(variables);
      if (!bind(pattern.lets, local)) continue;
      // ISO semantics: within a pattern, a node is handled by the first rule whose context matches it.
      const taken = pattern.rules.length > 1 ? new Set<Node>() : undefined;
      for (const rule of pattern.rules) {
        let nodes: Node[];
        try {
          nodes = this.xpath(rule.select).evaluate(doc, local).filter(isNode);
        } catch (e) {
          out.push(problem(rule.where, 'schematron-error', `the context "${rule.context}" could not be evaluated on ${file}: ${messageOf(e)}`));
          continue;
        }
        if (taken) {
          nodes = nodes.filter((n) => !taken.has(n));
          for (const n of nodes) taken.add(n);
        }
        if (rule.checks.length === 0) continue;
        for (const node of nodes) {
          try {
            for (const d of this.runRule(rule, node, local, file)) out.push(d);
          } catch (e) {
            // As with SaxonJS: a dynamic error on a node gives that node one finding, and no other.
            out.push({ ...ruleFailure(rule, file, messageOf(e)), ...positionOf(pointedElement(node)) });
          }
        }
      }
    }
    return out;
  }

  private runRule(rule: CompiledRule, node: Node, outer: Variables, file: string): Diagnostic[] {
    let variables = outer;
    if (rule.lets.length > 0) {
      variables = new Map(outer);
      for (const l of rule.lets) variables.set(l.name, this.xpath(l.value).evaluate(node, variables));
    }
    const out: Diagnostic[] = [];
    for (const check of rule.checks) {
      const holds = effectiveBooleanValue(this.xpath(check.test).evaluate(node, variables));
      if (holds === (check.kind === 'assert')) continue;
      const subject = check.subject ? (this.xpath(check.subject).evaluate(node, variables).find(isNode) ?? node) : node;
      out.push(this.finding(check, node, subject, variables, file));
    }
    return out;
  }

  private finding(check: Check, node: Node, subject: Node, variables: Variables, file: string): Diagnostic {
    const d: Diagnostic = {
      file, ...positionOfSubject(subject), severity: check.severity, source: 'schematron', ruleId: check.id,
      message: normalize(this.message(check.message, node, variables)) || defaultMessage(check),
    };
    const hint = normalize(this.message(check.hint, node, variables));
    if (hint) d.hint = hint;
    return d;
  }

  private message(parts: readonly MessagePart[], node: Node, variables: Variables): string {
    let s = '';
    for (const p of parts) {
      if ('text' in p) s += p.text;
      else if ('select' in p) s += this.xpath(p.select).evaluate(node, variables).map(stringValue).join(' ');
      else s += nameOf(this.xpath(p.namePath).evaluate(node, variables));
    }
    return s;
  }

  private xpath(expression: string): CompiledXPath {
    const c = this.compiled.get(expression);
    // The compiler checked every expression the runner evaluates.
    if (!c) throw new Error(`internal: the XPath ${expression} was not compiled`);
    return c;
  }
}

/** XPath name() of a sequence, as a <name path="…"/> prints it. */
function nameOf(seq: Sequence): string {
  if (seq.length === 0) return '';
  const item = seq[0];
  if (seq.length > 1 || !isNode(item)) throw new Error(`<name path> must select one node, not ${seq.length > 1 ? `${seq.length} items` : 'a value'} [XPTY0004]`);
  if (item.nodeType === 1 || item.nodeType === 2) return item.nodeName;
  if (item.nodeType === 7) return (item as ProcessingInstruction).target;
  return '';
}

/** The element a finding about this node is reported on: itself, its parent element, or the document's root. */
function pointedElement(node: Node): Node {
  if (node.nodeType === 1) return node;
  if (node.nodeType === 2) return (node as Attr).ownerElement ?? node;
  if (node.nodeType === 9) return (node as Document).documentElement ?? node;
  let p = node.parentNode;
  while (p && p.nodeType !== 1) p = p.parentNode;
  return p ?? (node.ownerDocument?.documentElement ?? node);
}

/** An attribute's own place when the parser recorded it, else its element's. */
function positionOfSubject(subject: Node): { line: number; column: number } {
  if (subject.nodeType === 2) {
    const p = positionOf(subject);
    if (p.line > 0) return p;
  }
  return positionOf(pointedElement(subject));
}

function messageOf(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

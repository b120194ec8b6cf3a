/**
 * Schematron with SaxonJS: the runner for schemas whose XPath the native
 * evaluator (native.ts, ../xpath) does not cover, and the oracle the native
 * runner is tested against (EDITION_SCHEMATRON=saxon).
 *
 * SaxonJS cannot evaluate XPath over an @xmldom/xmldom tree (it treats it as a
 * JavaScript object), so each document is parsed a second time, by SaxonJS
 * (XPath `parse-xml` of the same text every layer sees). Each rule becomes ONE
 * XPath 3.1 expression that loops over its context nodes, binds its sch:let
 * variables and returns its findings, so a document costs one evaluation per
 * rule. Findings come back as `path()` strings (/Q{ns}TEI[1]/Q{ns}text[1]/…)
 * that locate.ts walks in the xmldom tree for the line and column every other
 * layer reports. Only findings pay for that walk.
 *
 * SaxonJS takes ~0.25 s to load: it is required on first use only.
 */
import path from 'node:path';
import type { Diagnostic } from '../../diagnostic';
import { withReadsIn } from './reads';
import type { UnlocatedFinding } from './locate';
import { defaultMessage, normalize, problem, type Check, type CompiledPattern, type CompiledRule, type Let, type MessagePart, type Where, type XPathChecker } from './types';

/** Namespace of the runner's own variables, so they cannot clash with a schema's. */
const RUNNER_NS = 'urn:x-tei-edition:schematron';

// --- SaxonJS: the slice of its API this module uses -------------------------

interface SaxonEvaluateOptions {
  namespaceContext?: Record<string, string>;
  params?: Record<string, unknown>;
  resultForm?: 'default' | 'array' | 'iterator' | 'xdm';
}
interface SaxonError {
  code?: string;
  message: string;
}
export interface Saxon {
  XPath: { evaluate(xpath: string, context: unknown, options?: SaxonEvaluateOptions): unknown };
  getPlatform(): { readFile(uri: unknown): string };
  XError: new (message: string, code: string) => Error;
}

let loaded: Saxon | undefined;
function saxon(): Saxon {
  // saxon-js ships no type declarations: `require` (typed any) is narrowed at once to the slice above.
  loaded ??= require('saxon-js') as Saxon;
  return loaded;
}

// --- Checking expressions --------------------------------------------------------

/**
 * Static check of one expression: evaluate it against a throwaway document
 * with every visible variable bound to the empty sequence. Only static
 * errors (syntax, unknown prefix, function or variable) count; dynamic ones
 * depend on the data and are the run's business.
 */
export class SaxonChecker implements XPathChecker {
  constructor(private readonly namespaces: Record<string, string>, private readonly diagnostics: Diagnostic[]) {}

  check(xpath: string, where: Where, visible: readonly Let[], what: string): boolean {
    const params: Record<string, unknown> = {};
    for (const l of visible) params[l.name] = [];
    const s = saxon();
    try {
      // No file is read while checking: the probe has no data to read for.
      withReadsIn(s, [], () => s.XPath.evaluate(xpath, probeDocument(), { namespaceContext: this.namespaces, params }));
      return true;
    } catch (e) {
      const err = e as SaxonError;
      const code = err.code ?? '';
      if (!/^(XPST|XQST)/.test(code) && code !== 'SXJS0003') return true;
      this.diagnostics.push(problem(where, 'schematron-xpath', `${what} is not a valid XPath 3.1 expression: ${err.message} [${code}]`,
        code === 'XPST0081' ? `declare the prefix with <ns prefix="…" uri="…"/> at the top of the schema` : `the expression: ${xpath.length > 200 ? `${xpath.slice(0, 197)}…` : xpath}`));
      return false;
    }
  }

  checkRule(rule: CompiledRule, visible: readonly Let[]): boolean {
    const expression = ruleExpression(rule.lets, rule.checks, `$Q{${RUNNER_NS}}nodes`);
    return this.check(expression, rule.where, [...visible, { name: `Q{${RUNNER_NS}}nodes`, value: '()', where: rule.where }], 'the rule');
  }
}

let probe: unknown;
function probeDocument(): unknown {
  probe ??= saxon().XPath.evaluate('parse-xml("<probe/>")', null, {});
  return probe;
}

/**
 * One XPath 3.1 expression for a whole rule. For each context node it binds
 * the rule's variables and, for each assertion that fails (or report that
 * fires), returns five items: path() of the element to point at, the
 * attribute name to point at ('' for none), the check's index, the message and
 * the hint. Everything crosses back to JavaScript as strings and integers.
 */
function ruleExpression(lets: Let[], checks: Check[], nodes: string): string {
  const n = `$Q{${RUNNER_NS}}n`;
  const s = `$Q{${RUNNER_NS}}s`;
  const body = checks.map((c, i) => {
    const fired = c.kind === 'assert' ? `not(boolean((${c.test})))` : `boolean((${c.test}))`;
    const subject = c.subject ? `head((((${c.subject})[. instance of node()]), .))` : '.';
    return `if (${fired}) then (let ${s} := ${subject} return (` +
      `path(head((${s}/ancestor-or-self::*[1], root(${s})/*[1]))), ` +
      `if (${s} instance of attribute()) then (namespace-uri(${s}) || ' ' || local-name(${s})) else '', ` +
      `${i}, ${messageExpression(c.message)}, ${messageExpression(c.hint)})) else ()`;
  });
  const letClause = lets.length > 0 ? `let ${lets.map((l) => `$${l.name} := (${l.value})`).join(', ')} return ` : '';
  const perNode = `${letClause}(${body.length > 0 ? body.join(', ') : '()'})`;
  if (nodes === '.') return perNode;
  return `for ${n} in ${nodes}[. instance of node()] return ${n} ! (${perNode})`;
}

function messageExpression(parts: MessagePart[]): string {
  if (parts.length === 0) return "''";
  const items = parts.map((p) => {
    if ('text' in p) return xpathString(p.text);
    if ('select' in p) return `string-join(((${p.select})) ! string(.), ' ')`;
    return `name((${p.namePath}))`;
  });
  return `string-join((${items.join(', ')}), '')`;
}

function xpathString(s: string): string {
  return `'${s.replace(/'/g, "''")}'`;
}

// --- Running ---------------------------------------------------------------------

/** What the runner needs of a document: its text (SaxonJS parses it itself), and its name for messages. */
interface DetachedText {
  file: string;
  text: string;
}

interface SaxonRule extends CompiledRule {
  /** The whole rule as one XPath expression over $runner:nodes. */
  expression: string;
  /** The same, for one context node (the fallback when a dynamic error stops the batch). */
  single: string;
}

export class SaxonRunner {
  private readonly patterns: { lets: Let[]; rules: SaxonRule[] }[];

  constructor(
    private readonly namespaces: Record<string, string>,
    private readonly globals: Let[],
    patterns: CompiledPattern[],
    /** The .sch file's folder: rules may read files there and in the document's folder (see reads.ts). */
    private readonly schemaFolder: string,
  ) {
    this.patterns = patterns.map((p) => ({
      lets: p.lets,
      rules: p.rules.map((r) => ({ ...r, expression: ruleExpression(r.lets, r.checks, `$Q{${RUNNER_NS}}nodes`), single: ruleExpression(r.lets, r.checks, '.') })),
    }));
  }

  run(file: string, text: string): UnlocatedFinding[] {
    return withReadsIn(saxon(), [this.schemaFolder, path.dirname(path.resolve(file))], () => this.runGuarded({ file, text }));
  }

  private runGuarded(document: DetachedText): UnlocatedFinding[] {
    const out: UnlocatedFinding[] = [];
    let tree: unknown;
    try {
      tree = saxon().XPath.evaluate('parse-xml($Q{' + RUNNER_NS + '}text)', null, { params: { [`Q{${RUNNER_NS}}text`]: document.text } });
    } catch (e) {
      return [{ diagnostic: problem({ file: document.file, line: 0, column: 0 }, 'schematron-parse', `SaxonJS could not parse the document for the Schematron checks: ${(e as SaxonError).message}`) }];
    }
    const params: Record<string, unknown> = {};
    const bind = (lets: Let[], into: Record<string, unknown>): boolean => {
      for (const l of lets) {
        try {
          into[l.name] = this.evaluate(l.value, tree, into, 'xdm');
        } catch (e) {
          out.push({ diagnostic: problem(l.where, 'schematron-error', `<let name="${l.name}"> could not be evaluated on ${document.file}: ${(e as SaxonError).message}`) });
          return false;
        }
      }
      return true;
    };
    if (!bind(this.globals, params)) return out;
    for (const pattern of this.patterns) {
      const local = { ...params };
      if (!bind(pattern.lets, local)) continue;
      // ISO semantics: within a pattern, a node is handled by the first rule whose context matches it.
      let taken: unknown;
      for (const rule of pattern.rules) {
        let nodes: unknown;
        try {
          nodes = this.evaluate(rule.select, tree, local, 'xdm');
          if (taken !== undefined) {
            const both = { [`Q{${RUNNER_NS}}a`]: nodes, [`Q{${RUNNER_NS}}b`]: taken };
            const rest = this.evaluate(`$Q{${RUNNER_NS}}a except $Q{${RUNNER_NS}}b`, null, both, 'xdm');
            taken = this.evaluate(`$Q{${RUNNER_NS}}a | $Q{${RUNNER_NS}}b`, null, both, 'xdm');
            nodes = rest;
          } else if (pattern.rules.length > 1) {
            taken = nodes;
          }
        } catch (e) {
          out.push({ diagnostic: problem(rule.where, 'schematron-error', `the context "${rule.context}" could not be evaluated on ${document.file}: ${(e as SaxonError).message}`) });
          continue;
        }
        for (const x of this.runRule(rule, nodes, local, document)) out.push(x);
      }
    }
    return out;
  }

  private runRule(rule: SaxonRule, nodes: unknown, params: Record<string, unknown>, document: DetachedText): UnlocatedFinding[] {
    if (rule.checks.length === 0) return [];
    try {
      const items = this.evaluate(rule.expression, null, { ...params, [`Q{${RUNNER_NS}}nodes`]: nodes }, 'array') as unknown[];
      return this.findings(rule, items, document);
    } catch {
      // A dynamic error on one node stops the whole batch: redo the rule node by node,
      // so that the other nodes are still checked and the failing one is named.
      return this.runRuleNodeByNode(rule, nodes, params, document);
    }
  }

  private runRuleNodeByNode(rule: SaxonRule, nodes: unknown, params: Record<string, unknown>, document: DetachedText): UnlocatedFinding[] {
    const out: UnlocatedFinding[] = [];
    const list = this.evaluate(`$Q{${RUNNER_NS}}nodes[. instance of node()]`, null, { [`Q{${RUNNER_NS}}nodes`]: nodes }, 'array') as unknown[];
    for (const node of list) {
      try {
        for (const x of this.findings(rule, this.evaluate(rule.single, node, params, 'array') as unknown[], document)) out.push(x);
      } catch (e) {
        const p = this.evaluate('path(head((ancestor-or-self::*[1], root(.)/*[1])))', node, {}, 'default') as string;
        out.push({ diagnostic: ruleFailure(rule, document.file, (e as SaxonError).message), path: p });
      }
    }
    return out;
  }

  private findings(rule: SaxonRule, items: unknown[], document: DetachedText): UnlocatedFinding[] {
    const out: UnlocatedFinding[] = [];
    for (let i = 0; i + 4 < items.length; i += 5) {
      const check = rule.checks[Number(items[i + 2])];
      const d: Diagnostic = {
        file: document.file, line: 0, column: 0, severity: check.severity, source: 'schematron', ruleId: check.id,
        message: normalize(String(items[i + 3])) || defaultMessage(check),
      };
      const hint = normalize(String(items[i + 4]));
      if (hint) d.hint = hint;
      out.push({ diagnostic: d, path: String(items[i]), attribute: String(items[i + 1]) });
    }
    return out;
  }

  private evaluate(xpath: string, context: unknown, params: Record<string, unknown>, resultForm: SaxonEvaluateOptions['resultForm']): unknown {
    return saxon().XPath.evaluate(xpath, context, { namespaceContext: this.namespaces, params, resultForm });
  }
}

/** A rule that fails on one of its context nodes (a dynamic error): said at that node, unlocated yet. */
export function ruleFailure(rule: CompiledRule, file: string, message: string): Diagnostic {
  return {
    file, line: 0, column: 0, severity: 'error', source: 'schematron', ruleId: 'schematron-error',
    message: `the Schematron rule at ${path.basename(rule.where.file)}:${rule.where.line} (context "${rule.context}") fails on this node: ${message}`,
    hint: 'the rule\'s XPath does not expect what it found here: fix the expression in the .sch, or the data it assumes',
  };
}

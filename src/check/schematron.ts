/**
 * The Schematron layer: ISO Schematron rules (schemas/tei-edition.sch, and any
 * .sch a user adds) run in-process with SaxonJS's XPath 3.1.
 *
 * Choice: interpret the .sch directly rather than compile it to XSLT with
 * SchXslt and then to SEF.
 * - Users' own .sch files must run as they are: compiling them needs SchXslt's
 *   stylesheets and a SEF compiler at run time (the xslt3 package's XX
 *   compiler takes seconds per stylesheet, and is not installed), which would
 *   defeat "compile once, run many" for the one case that matters most.
 * - The interpreter is small: a pattern/rule/assert tree whose XPath runs
 *   through SaxonJS.XPath.evaluate, the documented API. Each rule becomes ONE
 *   XPath 3.1 expression that loops over its context nodes, binds its
 *   sch:let variables and returns its findings, so a document costs one
 *   evaluation per rule, not one per node and assertion.
 * - What it gives up: XSLT inside the schema (xsl:function, xsl:key, key(),
 *   current()). Such a schema is reported as a problem in the .sch (file and
 *   line), not silently half-run. The project's own rules need none of it.
 *
 * SaxonJS cannot evaluate XPath over an @xmldom/xmldom tree (it treats it as a
 * JavaScript object), so each document is parsed a second time, by SaxonJS
 * (XPath `parse-xml` of the same text every layer sees). Findings come back as
 * `path()` strings (/Q{ns}TEI[1]/Q{ns}text[1]/…) that are walked in the xmldom
 * tree to recover the line and column every other layer reports. Only
 * findings pay for that walk.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Diagnostic, Severity } from '../diagnostic';
import { positionOf } from '../diagnostic';
import type { LoadedDocument } from '../parse/load';
import { parseXml } from '../parse/xml';
import { withReadsIn } from './schematron-reads';
import { locateFindings, type UnlocatedFinding } from './schematron-locate';

export type { UnlocatedFinding } from './schematron-locate';

export const SCH_NS = 'http://purl.oclc.org/dsdl/schematron';
const OLD_SCH_NS = 'http://www.ascc.net/xml/schematron';
const XSL_NS = 'http://www.w3.org/1999/XSL/Transform';
/** Namespace of the runner's own variables, so they cannot clash with a schema's. */
const RUNNER_NS = 'urn:x-tei-edition:schematron';
const SUPPORTED_BINDINGS = new Set(['', 'xslt', 'xslt2', 'xslt3', 'xpath', 'xpath2', 'xpath3', 'xpath31']);

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
interface Saxon {
  XPath: { evaluate(xpath: string, context: unknown, options?: SaxonEvaluateOptions): unknown };
  getPlatform(): { readFile(uri: unknown): string };
  XError: new (message: string, code: string) => Error;
}
// saxon-js ships no type declarations: `require` (typed any) is narrowed at once to the slice above.
const SaxonJS = require('saxon-js') as Saxon;

// --- The compiled form -------------------------------------------------------

export interface CompiledSchematron {
  /** The .sch file, as given. */
  file: string;
  /**
   * Problems in the schema itself (not well-formed, not ISO Schematron, an
   * invalid XPath, an unsupported feature), located in the .sch. A broken
   * assertion is left out; the others still run.
   */
  diagnostics: Diagnostic[];
  /** Number of assertions and reports that will run. */
  readonly checks: number;
  /**
   * Run over one document. The schema's own problems are included in the
   * first result only, so that a caller that prints what run() returns shows
   * them once, however many documents it validates.
   */
  run(document: LoadedDocument): Diagnostic[];
  /**
   * Run over a document's text alone, where no tree of it exists (in the
   * Schematron thread): findings on the document carry the XPath path() of
   * their node, turned into a line and column by `locateFindings` where the
   * tree is.
   */
  runDetached(file: string, text: string): UnlocatedFinding[];
}


export interface SchematronOptions {
  /** Phase to run: a phase id, '#ALL', or '#DEFAULT' (the schema's defaultPhase; the default). */
  phase?: string;
}

type MessagePart = { text: string } | { select: string } | { namePath: string };

interface Where {
  file: string;
  line: number;
  column: number;
}

interface Check {
  kind: 'assert' | 'report';
  id: string;
  severity: Severity;
  test: string;
  subject?: string;
  message: MessagePart[];
  hint: MessagePart[];
  where: Where;
}

interface Let {
  name: string;
  value: string;
  where: Where;
}

interface CompiledRule {
  context: string;
  lets: Let[];
  checks: Check[];
  where: Where;
  /** The whole rule as one XPath expression over $runner:nodes. */
  expression: string;
  /** The same, for one context node (the fallback when a dynamic error stops the batch). */
  single: string;
}

interface CompiledPattern {
  lets: Let[];
  rules: CompiledRule[];
}

/** Read, parse and check a .sch file once; run it over many documents. */
export function loadSchematron(file: string, options: SchematronOptions = {}): CompiledSchematron {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code ?? 'EIO';
    return broken(file, [problem({ file, line: 0, column: 0 }, 'schematron-unreadable', `the Schematron file cannot be read (${code === 'ENOENT' ? 'no such file' : code})`)]);
  }
  return compileSchematron(file, text, options);
}

/** Compile Schematron source already in memory (file is used for messages and to resolve sch:include). */
export function compileSchematron(file: string, text: string, options: SchematronOptions = {}): CompiledSchematron {
  const compiler = new Compiler(file, text, options);
  return compiler.result();
}

function broken(file: string, diagnostics: Diagnostic[]): CompiledSchematron {
  let reported = false;
  const once = (): UnlocatedFinding[] => {
    if (reported) return [];
    reported = true;
    return diagnostics.map((diagnostic) => ({ diagnostic }));
  };
  return {
    file,
    diagnostics,
    checks: 0,
    run() {
      return once().map((f) => f.diagnostic);
    },
    runDetached: once,
  };
}

function problem(where: Where, ruleId: string, message: string, hint?: string, severity: Severity = 'error'): Diagnostic {
  const d: Diagnostic = { file: where.file, line: where.line, column: where.column, severity, source: 'schematron', ruleId, message };
  if (hint) d.hint = hint;
  return d;
}

// --- Compilation ---------------------------------------------------------------

class Compiler {
  private readonly diagnostics: Diagnostic[] = [];
  private readonly namespaces: Record<string, string> = {};
  private readonly globals: Let[] = [];
  private readonly patterns: CompiledPattern[] = [];
  private readonly abstractRules = new Map<string, Element>();
  private readonly abstractPatterns = new Map<string, Element>();
  private readonly diagnosticTexts = new Map<string, MessagePart[]>();
  /** Which file each parsed .sch document came from (sch:include brings in others). */
  private readonly fileOf = new WeakMap<Document, string>();
  private failed = false;

  constructor(private readonly file: string, text: string, private readonly options: SchematronOptions) {
    const doc = this.parse(file, text);
    if (!doc) {
      this.failed = true;
      return;
    }
    const root = doc.documentElement;
    if (!root || root.namespaceURI !== SCH_NS || root.localName !== 'schema') {
      const old = root?.namespaceURI === OLD_SCH_NS;
      this.fail(root ?? doc, 'schematron-not-iso',
        old ? 'this is Schematron 1.5 (namespace http://www.ascc.net/xml/schematron), which is not supported' : `the root element is <${root?.nodeName ?? '?'}>, not an ISO Schematron <schema>`,
        `an ISO Schematron file starts with <schema xmlns="${SCH_NS}" queryBinding="xslt3">`);
      this.failed = true;
      return;
    }
    this.compileSchema(root);
  }

  result(): CompiledSchematron {
    if (this.failed) return broken(this.file, this.diagnostics);
    const runner = new Runner(this.namespaces, this.globals, this.patterns, path.dirname(path.resolve(this.file)));
    const diagnostics = this.diagnostics;
    let reported = false;
    return {
      file: this.file,
      diagnostics,
      checks: this.patterns.reduce((n, p) => n + p.rules.reduce((m, r) => m + r.checks.length, 0), 0),
      run(document: LoadedDocument): Diagnostic[] {
        return locateFindings(this.runDetached(document.file, document.text), document);
      },
      runDetached(file: string, text: string): UnlocatedFinding[] {
        const found = runner.run(file, text);
        if (reported) return found;
        reported = true;
        return [...diagnostics.map((diagnostic) => ({ diagnostic })), ...found];
      },
    };
  }

  private parse(file: string, text: string): Document | undefined {
    const parsed = parseXml(file, text);
    if (!parsed.doc || parsed.diagnostics.length > 0) {
      for (const d of parsed.diagnostics) {
        this.diagnostics.push({ ...d, source: 'schematron', ruleId: 'schematron-malformed', message: `the Schematron file is not well-formed XML: ${d.message}` });
      }
      return undefined;
    }
    this.fileOf.set(parsed.doc, file);
    return parsed.doc;
  }

  private where(node: Node): Where {
    const { line, column } = positionOf(node);
    const doc = node.nodeType === 9 ? (node as Document) : node.ownerDocument;
    return { file: (doc && this.fileOf.get(doc)) ?? this.file, line, column };
  }

  private fail(node: Node, ruleId: string, message: string, hint?: string): void {
    this.diagnostics.push(problem(this.where(node), ruleId, message, hint));
  }

  private compileSchema(schema: Element): void {
    const binding = (schema.getAttribute('queryBinding') ?? '').trim().toLowerCase();
    if (!SUPPORTED_BINDINGS.has(binding)) {
      this.fail(schema, 'schematron-unsupported', `queryBinding="${binding}" is not supported: this runner evaluates XPath 3.1`, 'use queryBinding="xslt3" (or xslt2, xpath31)');
      this.failed = true;
      return;
    }
    const children = this.expandIncludes(schema, new Set([path.resolve(this.file)]));
    // Declarations first: namespaces, abstract rules and patterns, diagnostics may come after their use.
    for (const el of children) {
      if (isSch(el, 'ns')) {
        const prefix = el.getAttribute('prefix') ?? '';
        const uri = el.getAttribute('uri') ?? '';
        if (!prefix || !uri) this.fail(el, 'schematron-invalid', '<ns> needs both @prefix and @uri');
        else this.namespaces[prefix] = uri;
      } else if (isSch(el, 'pattern') && el.getAttribute('abstract') === 'true') {
        const id = el.getAttribute('id');
        if (id) this.abstractPatterns.set(id, el);
        else this.fail(el, 'schematron-invalid', 'an abstract <pattern> needs an @id');
      } else if (isSch(el, 'diagnostics')) {
        for (const d of childElements(el)) {
          if (isSch(d, 'diagnostic') && d.getAttribute('id')) this.diagnosticTexts.set(d.getAttribute('id') ?? '', this.message(d));
        }
      } else if (el.namespaceURI === XSL_NS && ['function', 'key', 'include', 'import'].includes(el.localName)) {
        this.fail(el, 'schematron-unsupported', `<xsl:${el.localName}> is not supported by the in-process runner (it evaluates XPath, not XSLT)`, 'express the condition in XPath 3.1 (inline functions and let are available), or drop it');
      }
    }
    for (const el of children) {
      if (isSch(el, 'pattern') || isSch(el, 'rules')) {
        for (const r of descendantsSch(el, 'rule')) {
          if (r.getAttribute('abstract') === 'true') {
            const id = r.getAttribute('id');
            if (id) this.abstractRules.set(id, r);
            else this.fail(r, 'schematron-invalid', 'an abstract <rule> needs an @id');
          }
        }
      }
    }
    for (const l of this.lets(children.filter((el) => isSch(el, 'let')))) {
      if (this.checkXPath(l.value, l.where, this.globals)) this.globals.push(l);
    }
    const active = this.activePatterns(schema, children);
    for (const el of children) {
      if (!isSch(el, 'pattern') || el.getAttribute('abstract') === 'true') continue;
      if (active && !active.has(el.getAttribute('id') ?? '')) continue;
      const pattern = this.instantiate(el);
      if (pattern) this.compilePattern(pattern);
    }
  }

  /** sch:include replaces itself with the root element of the file it names. */
  private expandIncludes(parent: Element, seen: Set<string>): Element[] {
    const out: Element[] = [];
    for (const el of childElements(parent)) {
      if (!isSch(el, 'include')) {
        out.push(el);
        continue;
      }
      const href = el.getAttribute('href') ?? '';
      const from = this.where(el).file;
      const target = path.resolve(path.dirname(from), href.split('#')[0]);
      if (seen.has(target)) {
        this.fail(el, 'schematron-invalid', `<include href="${href}"> includes a file that is already being included`);
        continue;
      }
      let text: string;
      try {
        text = readFileSync(target, 'utf8');
      } catch {
        this.fail(el, 'schematron-invalid', `<include href="${href}">: the file ${target} cannot be read`);
        continue;
      }
      const doc = this.parse(target, text);
      const root = doc?.documentElement;
      if (!root) continue;
      if (isSch(root, 'schema')) out.push(...this.expandIncludes(root, new Set([...seen, target])));
      else out.push(root);
    }
    return out;
  }

  private activePatterns(schema: Element, children: Element[]): Set<string> | undefined {
    let phase = this.options.phase ?? '#DEFAULT';
    if (phase === '#DEFAULT') phase = schema.getAttribute('defaultPhase') || '#ALL';
    if (phase === '#ALL') return undefined;
    const el = children.find((c) => isSch(c, 'phase') && c.getAttribute('id') === phase);
    if (!el) {
      this.fail(schema, 'schematron-invalid', `there is no phase "${phase}"`, `the phases are: ${children.filter((c) => isSch(c, 'phase')).map((c) => c.getAttribute('id')).join(', ') || 'none'}; or use #ALL`);
      return undefined;
    }
    for (const l of this.lets(childElements(el).filter((c) => isSch(c, 'let')))) {
      if (this.checkXPath(l.value, l.where, this.globals)) this.globals.push(l);
    }
    return new Set(childElements(el).filter((c) => isSch(c, 'active')).map((c) => c.getAttribute('pattern') ?? ''));
  }

  /** A pattern with is-a is a copy of an abstract pattern with its $parameters replaced (ISO 5.4.9). */
  private instantiate(pattern: Element): Element | undefined {
    const isA = pattern.getAttribute('is-a');
    if (!isA) return pattern;
    const abstract = this.abstractPatterns.get(isA);
    if (!abstract) {
      this.fail(pattern, 'schematron-invalid', `<pattern is-a="${isA}">: there is no abstract pattern with that id`);
      return undefined;
    }
    const params = childElements(pattern)
      .filter((c) => isSch(c, 'param'))
      .map((p) => ({ name: p.getAttribute('name') ?? '', value: p.getAttribute('value') ?? '' }))
      .sort((a, b) => b.name.length - a.name.length);
    const copy = abstract.cloneNode(true) as Element;
    const substitute = (el: Element): void => {
      for (const name of ['context', 'test', 'select', 'path', 'value', 'subject']) {
        const v = el.getAttribute(name);
        if (v === null || v === '') continue;
        let out = v;
        for (const p of params) out = out.replace(new RegExp(`\\$${escapeRegExp(p.name)}(?![\\w.-])`, 'g'), () => p.value);
        el.setAttribute(name, out);
      }
      childElements(el).forEach(substitute);
    };
    substitute(copy);
    // Positions: the clone keeps the abstract pattern's lines, which is where its XPath is written.
    copyPositions(abstract, copy);
    return copy;
  }

  private compilePattern(pattern: Element): void {
    const compiled: CompiledPattern = { lets: [], rules: [] };
    const members = this.expandIncludes(pattern, new Set([path.resolve(this.where(pattern).file)]));
    // Pattern variables are bound before any rule runs, whatever their position among the rules.
    for (const l of this.lets(members.filter((el) => isSch(el, 'let')))) {
      if (this.checkXPath(l.value, l.where, [...this.globals, ...compiled.lets])) compiled.lets.push(l);
    }
    for (const el of members) {
      if (isSch(el, 'rule') && el.getAttribute('abstract') !== 'true') {
        const rule = this.compileRule(el, pattern, [...this.globals, ...compiled.lets]);
        if (rule) compiled.rules.push(rule);
      }
    }
    this.patterns.push(compiled);
  }

  private compileRule(rule: Element, pattern: Element, visible: Let[]): CompiledRule | undefined {
    const context = (rule.getAttribute('context') ?? '').trim();
    const where = this.where(rule);
    if (!context) {
      this.fail(rule, 'schematron-invalid', '<rule> has no @context');
      return undefined;
    }
    if (!this.checkXPath(contextExpression(context), where, visible, 'the @context')) return undefined;
    const lets: Let[] = [];
    const checks: Check[] = [];
    const role = rule.getAttribute('role') ?? pattern.getAttribute('role') ?? undefined;
    const fallbackId = rule.getAttribute('id') || pattern.getAttribute('id') || `${path.basename(where.file).replace(/\.[^.]*$/, '')}:${where.line}`;
    const members = this.withExtends(rule, new Set());
    for (const el of members) {
      if (isSch(el, 'let')) {
        for (const l of this.lets([el])) {
          if (this.checkXPath(l.value, l.where, [...visible, ...lets])) lets.push(l);
        }
      } else if (isSch(el, 'assert') || isSch(el, 'report')) {
        const check = this.compileCheck(el, role, fallbackId, [...visible, ...lets]);
        if (check) checks.push(check);
      }
    }
    const expression = ruleExpression(lets, checks, `$Q{${RUNNER_NS}}nodes`);
    const single = ruleExpression(lets, checks, '.');
    if (!this.checkXPath(expression, where, [...visible, { name: `Q{${RUNNER_NS}}nodes`, value: '()', where }], 'the rule')) return undefined;
    return { context, lets, checks, where, expression, single };
  }

  /** The rule's own children with sch:extends replaced by the abstract rule's (recursively). */
  private withExtends(rule: Element, seen: Set<string>): Element[] {
    const out: Element[] = [];
    for (const el of this.expandIncludes(rule, new Set([path.resolve(this.where(rule).file)]))) {
      if (!isSch(el, 'extends')) {
        out.push(el);
        continue;
      }
      const id = el.getAttribute('rule') ?? '';
      const target = this.abstractRules.get(id);
      if (!target) this.fail(el, 'schematron-invalid', `<extends rule="${id}">: there is no abstract rule with that id`);
      else if (seen.has(id)) this.fail(el, 'schematron-invalid', `<extends rule="${id}"> extends itself`);
      else out.push(...this.withExtends(target, new Set([...seen, id])));
    }
    return out;
  }

  private compileCheck(el: Element, inheritedRole: string | undefined, fallbackId: string, visible: Let[]): Check | undefined {
    const test = (el.getAttribute('test') ?? '').trim();
    const where = this.where(el);
    if (!test) {
      this.fail(el, 'schematron-invalid', `<${el.localName}> has no @test`);
      return undefined;
    }
    if (!this.checkXPath(test, where, visible, 'the @test')) return undefined;
    const subject = el.getAttribute('subject')?.trim() || undefined;
    if (subject && !this.checkXPath(subject, where, visible, 'the @subject')) return undefined;
    const message = this.message(el);
    if (!this.checkParts(message, where, visible)) return undefined;
    const hint: MessagePart[] = [];
    for (const ref of (el.getAttribute('diagnostics') ?? '').split(/\s+/).filter(Boolean)) {
      const d = this.diagnosticTexts.get(ref);
      if (!d) {
        this.fail(el, 'schematron-invalid', `@diagnostics names "${ref}", but there is no <diagnostic id="${ref}">`);
        continue;
      }
      if (hint.length > 0) hint.push({ text: '; ' });
      for (const x of d) hint.push(x);
    }
    if (!this.checkParts(hint, where, visible)) return undefined;
    const see = el.getAttribute('see');
    if (see) hint.push({ text: `${hint.length > 0 ? ' ' : ''}(see ${see})` });
    const role = el.getAttribute('role') ?? inheritedRole;
    return {
      kind: el.localName === 'assert' ? 'assert' : 'report',
      id: el.getAttribute('id') || fallbackId,
      severity: severityOf(role),
      test,
      subject,
      message,
      hint,
      where,
    };
  }

  private checkParts(parts: MessagePart[], where: Where, visible: Let[]): boolean {
    for (const part of parts) {
      const xp = 'select' in part ? part.select : 'namePath' in part ? part.namePath : undefined;
      if (xp && !this.checkXPath(xp, where, visible, 'a <value-of> or <name> in the message')) return false;
    }
    return true;
  }

  private lets(els: Element[]): Let[] {
    const out: Let[] = [];
    for (const el of els) {
      const name = el.getAttribute('name') ?? '';
      const value = el.getAttribute('value');
      if (!name) this.fail(el, 'schematron-invalid', '<let> has no @name');
      else if (value === null || value.trim() === '') this.fail(el, 'schematron-unsupported', `<let name="${name}"> without @value is not supported`, 'give the value as an XPath expression in @value');
      else out.push({ name, value, where: this.where(el) });
    }
    return out;
  }

  private message(el: Element): MessagePart[] {
    const parts: MessagePart[] = [];
    const walk = (n: Node): void => {
      for (let c = n.firstChild; c; c = c.nextSibling) {
        if (c.nodeType === 3 || c.nodeType === 4) parts.push({ text: c.nodeValue ?? '' });
        else if (c.nodeType === 1) {
          const e = c as Element;
          if (isSch(e, 'value-of')) parts.push({ select: e.getAttribute('select') ?? '.' });
          else if (isSch(e, 'name')) parts.push({ namePath: e.getAttribute('path') ?? '.' });
          else walk(e); // emph, dir, span, foreign markup: their text
        }
      }
    };
    walk(el);
    return parts;
  }

  /**
   * Static check of one expression: evaluate it against a throwaway document
   * with every visible variable bound to the empty sequence. Only static
   * errors (syntax, unknown prefix, function or variable) count; dynamic ones
   * depend on the data and are the run's business.
   */
  private checkXPath(xpath: string, where: Where, visible: Let[], what = 'the expression'): boolean {
    const params: Record<string, unknown> = {};
    for (const l of visible) params[l.name] = [];
    try {
      // No file is read while checking: the probe has no data to read for.
      withReadsIn(SaxonJS, [], () => SaxonJS.XPath.evaluate(xpath, probeDocument(), { namespaceContext: this.namespaces, params }));
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
}

let probe: unknown;
function probeDocument(): unknown {
  probe ??= SaxonJS.XPath.evaluate('parse-xml("<probe/>")', null, {});
  return probe;
}

/** An XSLT match pattern as an XPath that selects the nodes it matches. */
function contextExpression(context: string): string {
  // A branch rooted at the document (/…) or at a variable ($header/…) selects exactly what it
  // matches; a relative branch (tei:p, a/b) matches wherever it applies, which is what //( … )
  // selects, at the price of visiting every node. So rooted contexts are the cheap ones.
  if (unionBranches(context).every((b) => /^[/$]/.test(b))) return context;
  return `//(${context})`;
}

/** The top-level branches of a union (a | b | c), ignoring bars inside brackets and strings. */
function unionBranches(xpath: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let quote = '';
  let start = 0;
  for (let i = 0; i < xpath.length; i++) {
    const c = xpath[i];
    if (quote) {
      if (c === quote) quote = '';
    } else if (c === '"' || c === "'") quote = c;
    else if (c === '(' || c === '[' || c === '{') depth++;
    else if (c === ')' || c === ']' || c === '}') depth--;
    else if (depth === 0 && c === '|') {
      out.push(xpath.slice(start, i).trim());
      start = i + 1;
    } else if (depth === 0 && /^\sunion\s/.test(xpath.slice(i, i + 7))) {
      out.push(xpath.slice(start, i).trim());
      start = i + 6;
    }
  }
  out.push(xpath.slice(start).trim());
  return out;
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

function severityOf(role: string | undefined): Severity {
  const r = (role ?? '').trim().toLowerCase();
  if (['warning', 'warn'].includes(r)) return 'warning';
  if (['info', 'information', 'note', 'hint'].includes(r)) return 'info';
  return 'error';
}

// --- Running ---------------------------------------------------------------------

/** What the runner needs of a document: its text (SaxonJS parses it itself), and its name for messages. */
interface DetachedText {
  file: string;
  text: string;
}

class Runner {
  constructor(
    private readonly namespaces: Record<string, string>,
    private readonly globals: Let[],
    private readonly patterns: CompiledPattern[],
    /** The .sch file's folder: rules may read files there and in the document's folder (see schematron-reads.ts). */
    private readonly schemaFolder: string,
  ) {}

  run(file: string, text: string): UnlocatedFinding[] {
    return withReadsIn(SaxonJS, [this.schemaFolder, path.dirname(path.resolve(file))], () => this.runGuarded({ file, text }));
  }

  private runGuarded(document: DetachedText): UnlocatedFinding[] {
    const out: UnlocatedFinding[] = [];
    let tree: unknown;
    try {
      tree = SaxonJS.XPath.evaluate('parse-xml($Q{' + RUNNER_NS + '}text)', null, { params: { [`Q{${RUNNER_NS}}text`]: document.text } });
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
          nodes = this.evaluate(contextExpression(rule.context), tree, local, 'xdm');
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

  private runRule(rule: CompiledRule, nodes: unknown, params: Record<string, unknown>, document: DetachedText): UnlocatedFinding[] {
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

  private runRuleNodeByNode(rule: CompiledRule, nodes: unknown, params: Record<string, unknown>, document: DetachedText): UnlocatedFinding[] {
    const out: UnlocatedFinding[] = [];
    const list = this.evaluate(`$Q{${RUNNER_NS}}nodes[. instance of node()]`, null, { [`Q{${RUNNER_NS}}nodes`]: nodes }, 'array') as unknown[];
    for (const node of list) {
      try {
        for (const x of this.findings(rule, this.evaluate(rule.single, node, params, 'array') as unknown[], document)) out.push(x);
      } catch (e) {
        const p = this.evaluate('path(head((ancestor-or-self::*[1], root(.)/*[1])))', node, {}, 'default') as string;
        out.push({
          diagnostic: {
            file: document.file, line: 0, column: 0, severity: 'error', source: 'schematron', ruleId: 'schematron-error',
            message: `the Schematron rule at ${path.basename(rule.where.file)}:${rule.where.line} (context "${rule.context}") fails on this node: ${(e as SaxonError).message}`,
            hint: 'the rule\'s XPath does not expect what it found here: fix the expression in the .sch, or the data it assumes',
          },
          path: p,
        });
      }
    }
    return out;
  }

  private findings(rule: CompiledRule, items: unknown[], document: DetachedText): UnlocatedFinding[] {
    const out: UnlocatedFinding[] = [];
    for (let i = 0; i + 4 < items.length; i += 5) {
      const check = rule.checks[Number(items[i + 2])];
      const d: Diagnostic = {
        file: document.file, line: 0, column: 0, severity: check.severity, source: 'schematron', ruleId: check.id,
        message: normalize(String(items[i + 3])) || `${check.kind === 'assert' ? 'assertion failed' : 'report'}: ${check.test}`,
      };
      const hint = normalize(String(items[i + 4]));
      if (hint) d.hint = hint;
      out.push({ diagnostic: d, path: String(items[i]), attribute: String(items[i + 1]) });
    }
    return out;
  }

  private evaluate(xpath: string, context: unknown, params: Record<string, unknown>, resultForm: SaxonEvaluateOptions['resultForm']): unknown {
    return SaxonJS.XPath.evaluate(xpath, context, { namespaceContext: this.namespaces, params, resultForm });
  }
}

// --- Small helpers -------------------------------------------------------------------

function isSch(el: Element, name: string): boolean {
  return el.namespaceURI === SCH_NS && el.localName === name;
}

function childElements(el: Element): Element[] {
  const out: Element[] = [];
  for (let c = el.firstChild; c; c = c.nextSibling) if (c.nodeType === 1) out.push(c as Element);
  return out;
}

function descendantsSch(el: Element, name: string): Element[] {
  return Array.from(el.getElementsByTagNameNS(SCH_NS, name));
}

/** cloneNode does not carry xmldom's positions; copy them so that messages keep pointing at the source. */
function copyPositions(from: Node, to: Node): void {
  const f = from as unknown as { lineNumber?: number; columnNumber?: number };
  const t = to as unknown as { lineNumber?: number; columnNumber?: number };
  t.lineNumber = f.lineNumber;
  t.columnNumber = f.columnNumber;
  for (let a = from.firstChild, b = to.firstChild; a && b; a = a.nextSibling, b = b.nextSibling) copyPositions(a, b);
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function normalize(s: string): string {
  return s.replace(/\s+/g, ' ').trim();
}

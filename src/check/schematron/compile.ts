/**
 * The Schematron layer: ISO Schematron rules (schemas/tei-edition.sch, and any
 * .sch a user adds), compiled once and run over many documents.
 *
 * Choice: interpret the .sch directly rather than compile it to XSLT with
 * SchXslt and then to SEF.
 * - Users' own .sch files must run as they are: compiling them needs SchXslt's
 *   stylesheets and a SEF compiler at run time (the xslt3 package's XX
 *   compiler takes seconds per stylesheet, and is not installed), which would
 *   defeat "compile once, run many" for the one case that matters most.
 * - Two runners share this compiler. The native one (native.ts) evaluates the
 *   schema's XPath itself (../xpath) over the tree every other layer uses:
 *   no second parse, no SaxonJS to load (~0.25 s, most of a letter's
 *   validation). A schema using XPath the native evaluator does not cover
 *   (doc(), higher-order functions, maps…) runs with SaxonJS (saxon.ts),
 *   which also words its static errors. EDITION_SCHEMATRON=saxon forces it.
 * - What it gives up: XSLT inside the schema (xsl:function, xsl:key, key(),
 *   current()). Such a schema is reported as a problem in the .sch (file and
 *   line), not silently half-run. The project's own rules need none of it.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Diagnostic, Severity } from '../../diagnostic';
import { positionOf } from '../../diagnostic';
import type { LoadedDocument } from '../../parse/load';
import { parseXml } from '../../parse/xml';
import { locateFindings, type UnlocatedFinding } from './locate';
import { NativeChecker, NativeRunner } from './native';
import { SaxonChecker, SaxonRunner } from './saxon';
import { contextExpression, problem, type Check, type CompiledPattern, type CompiledRule, type Let, type MessagePart, type Where, type XPathChecker } from './types';

export type { UnlocatedFinding } from './locate';

export const SCH_NS = 'http://purl.oclc.org/dsdl/schematron';
const OLD_SCH_NS = 'http://www.ascc.net/xml/schematron';
const XSL_NS = 'http://www.w3.org/1999/XSL/Transform';
const SUPPORTED_BINDINGS = new Set(['', 'xslt', 'xslt2', 'xslt3', 'xpath', 'xpath2', 'xpath3', 'xpath31']);

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
  /** Which runner evaluates the schema: the native evaluator over the document's tree, or SaxonJS. */
  readonly engine: 'native' | 'saxon';
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
  /** 'saxon' runs the schema with SaxonJS even where the native evaluator could (as a test oracle). Default: EDITION_SCHEMATRON, else auto. */
  engine?: 'auto' | 'saxon';
}

/** Read, parse and check a .sch file once; run it over many documents. */
export function loadSchematron(file: string, options: SchematronOptions = {}): CompiledSchematron {
  const text = readSchema(file);
  return typeof text === 'string' ? compileSchematron(file, text, options) : text;
}

/**
 * The schema compiled for the native runner, or undefined where it needs
 * SaxonJS (which is then not loaded): callers decide from this whether
 * SaxonJS is needed at all (a thread of its own for it, in `validate`).
 */
export function loadNativeSchematron(file: string, options: SchematronOptions = {}): CompiledSchematron | undefined {
  if (engineOf(options) === 'saxon') return undefined;
  const text = readSchema(file);
  return typeof text === 'string' ? new Compiler(file, text, options, 'native').nativeResult() : text;
}

/** Compile Schematron source already in memory (file is used for messages and to resolve sch:include). */
export function compileSchematron(file: string, text: string, options: SchematronOptions = {}): CompiledSchematron {
  if (engineOf(options) === 'auto') {
    const compiled = new Compiler(file, text, options, 'native').nativeResult();
    if (compiled) return compiled;
  }
  // The schema's own problems are found again on the way (they do not depend on the runner).
  return new Compiler(file, text, options, 'saxon').result();
}

function engineOf(options: SchematronOptions): 'auto' | 'saxon' {
  return options.engine ?? (process.env.EDITION_SCHEMATRON === 'saxon' ? 'saxon' : 'auto');
}

/** The text of a .sch file, or a schema that says why it cannot be read. */
function readSchema(file: string): string | CompiledSchematron {
  try {
    return readFileSync(file, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code ?? 'EIO';
    return broken(file, [problem({ file, line: 0, column: 0 }, 'schematron-unreadable', `the Schematron file cannot be read (${code === 'ENOENT' ? 'no such file' : code})`)]);
  }
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
    engine: 'native',
    run() {
      return once().map((f) => f.diagnostic);
    },
    runDetached: once,
  };
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
  private readonly checker: XPathChecker;
  private readonly native?: NativeChecker;

  constructor(private readonly file: string, text: string, private readonly options: SchematronOptions, engine: 'native' | 'saxon') {
    if (engine === 'native') this.checker = this.native = new NativeChecker(this.namespaces);
    else this.checker = new SaxonChecker(this.namespaces, this.diagnostics);
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

  /** The schema run by the native evaluator; undefined when some expression needs SaxonJS. */
  nativeResult(): CompiledSchematron | undefined {
    if (this.failed) return broken(this.file, this.diagnostics);
    if (!this.native || this.native.refused !== undefined) return undefined;
    const runner = new NativeRunner(this.globals, this.patterns, this.native.compiled);
    return this.compiled('native', (file, doc) => runner.run(file, doc), undefined);
  }

  result(): CompiledSchematron {
    if (this.failed) return broken(this.file, this.diagnostics);
    const runner = new SaxonRunner(this.namespaces, this.globals, this.patterns, path.dirname(path.resolve(this.file)));
    return this.compiled('saxon', undefined, (file, text) => runner.run(file, text));
  }

  /** The schema's own problems come with the first result only, however many documents follow. */
  private compiled(
    engine: 'native' | 'saxon',
    onTree: ((file: string, doc: Document) => Diagnostic[]) | undefined,
    onText: ((file: string, text: string) => UnlocatedFinding[]) | undefined,
  ): CompiledSchematron {
    const diagnostics = this.diagnostics;
    let reported = false;
    const first = (): Diagnostic[] => {
      if (reported) return [];
      reported = true;
      return diagnostics;
    };
    return {
      file: this.file,
      diagnostics,
      engine,
      checks: this.patterns.reduce((n, p) => n + p.rules.reduce((m, r) => m + r.checks.length, 0), 0),
      run(document: LoadedDocument): Diagnostic[] {
        if (onTree) return [...first(), ...onTree(document.file, document.doc)];
        return locateFindings(this.runDetached(document.file, document.text), document);
      },
      runDetached(file: string, text: string): UnlocatedFinding[] {
        if (onText) return [...first().map((diagnostic) => ({ diagnostic })), ...onText(file, text)];
        // Native, where only the text was sent: the tree is built here, and the findings come located.
        const parsed = parseXml(file, text);
        if (!parsed.doc) return [...first(), ...parsed.diagnostics].map((diagnostic) => ({ diagnostic }));
        return [...first(), ...onTree!(file, parsed.doc)].map((diagnostic) => ({ diagnostic }));
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
    const select = contextExpression(context);
    if (!this.checkXPath(select, where, visible, 'the @context')) return undefined;
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
    const compiled: CompiledRule = { context, select, lets, checks, where };
    if (this.checker.checkRule && !this.checker.checkRule(compiled, visible)) return undefined;
    return compiled;
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

  private checkXPath(xpath: string, where: Where, visible: readonly Let[], what = 'the expression'): boolean {
    return this.checker.check(xpath, where, visible, what);
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
}

function severityOf(role: string | undefined): Severity {
  const r = (role ?? '').trim().toLowerCase();
  if (['warning', 'warn'].includes(r)) return 'warning';
  if (['info', 'information', 'note', 'hint'].includes(r)) return 'info';
  return 'error';
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


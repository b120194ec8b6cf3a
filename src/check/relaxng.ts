import { promises as fs } from 'node:fs';
import { validateXML, memoryPages } from 'xmllint-wasm';
import type { Diagnostic } from '../diagnostic';
import type { LoadedDocument } from '../parse/load';
import { attributeCount, scanMarkup } from '../parse/scan';
import { verdictGrammar } from './verdict-grammar';
import { attributeRefused, elementNotAllowed, guidelinesUrl, guidelinesUrlOf, schemaFacts, TEI_NS, type ElementFacts, type SchemaFacts } from './messages';
import { lineStarts, offsetAt, positionAt, tagEnd } from '../parse/scan';
import { GrammarError } from './rng/read-schema';
import { validateWithEngine } from './rng/layer';
import { loadGrammar } from './rng/cache';

/**
 * RELAX NG validation with libxml2 (xmllint-wasm: no native build, no Java).
 * libxml2 compiles the grammar once per call, so documents are validated in
 * batches. As written, tei_all takes ~11 s to compile and the project schema
 * ~0.75 s; in the form verdict-grammar.ts gives them, under 1 s and ~0.05 s.
 */

/**
 * How many documents share one libxml2 run (`edition validate`, and each
 * batch of `edition build`): enough to amortise the grammar's compilation
 * (in its verdict form: the project schema ~0.05 s, tei_all under 1 s per
 * call; as written, for a batch with invalid documents, ~0.75 s and ~11 s). A batch holds its
 * texts, all given to libxml2 at once, and one tree at a time unless the
 * caller keeps them (a tree costs roughly 10–20× its text).
 */
export const BATCH_CHARS = 8 * 1024 * 1024;
export const BATCH_DOCS = 64;

/** One raw libxml2 report, before summarising. */
interface RawError {
  line: number;
  element: string;
  message: string;
}

const LINE_RE = /^d(\d+)\.xml:(\d+): element ([^:]+): Relax-NG validity (?:error|warning) : (.*)$/;

/** A document libxml2 could not read (one of its limits), reported per document. */
const PARSER_ERROR_RE = /^d(\d+)\.xml:(\d+): parser error : (.*)$/;

export class SchemaError extends Error {}

export async function readSchema(schemaPath: string): Promise<string> {
  try {
    return await fs.readFile(schemaPath, 'utf8');
  } catch (e) {
    throw new SchemaError(`cannot read the schema ${schemaPath}: ${(e as NodeJS.ErrnoException).code ?? String(e)}`);
  }
}

/**
 * Which engine checks RELAX NG: our own (src/check/rng, the default) or
 * libxml2 (EDITION_RELAXNG=libxml2), kept as a second opinion and a test oracle.
 */
export function relaxngEngine(): 'own' | 'libxml2' {
  return process.env.EDITION_RELAXNG === 'libxml2' ? 'libxml2' : 'own';
}

/**
 * Compile the grammar now, in this thread, so that the worker threads of a
 * build load it from the grammar cache instead of each simplifying it again.
 * An unreadable or incorrect grammar is left for validateRelaxNG to report.
 */
export async function prepareGrammar(schemaPath: string): Promise<void> {
  if (relaxngEngine() !== 'own') return;
  try {
    loadGrammar(schemaPath, await readSchema(schemaPath));
  } catch {
    // Reported, with its batch, by validateRelaxNG.
  }
}

export async function validateRelaxNG(docs: readonly LoadedDocument[], schemaPath: string, schemaText?: string): Promise<Diagnostic[][]> {
  if (docs.length === 0) return [];
  const schema = schemaText ?? (await readSchema(schemaPath));
  if (relaxngEngine() === 'own') {
    try {
      return validateWithEngine(docs, schemaPath, schema);
    } catch (e) {
      if (e instanceof GrammarError) throw new SchemaError(`the schema ${schemaPath} cannot be used: ${e.message}`);
      throw e;
    }
  }
  return validateSplitting(docs, schemaPath, schema);
}

/**
 * A crash inside libxml2 (the WebAssembly stack overflowing on a pathological
 * document) rejects the whole batch, and is not the schema's fault: the
 * batch is split in two and each half validated again, until the document
 * that crashes is alone and gets its own finding. The parse stage's depth
 * limit keeps this path for the unforeseen.
 */
async function validateSplitting(docs: readonly LoadedDocument[], schemaPath: string, schema: string): Promise<Diagnostic[][]> {
  try {
    return await validateTwice(docs, schemaPath, schema);
  } catch (e) {
    if (!(e instanceof EngineCrash)) throw e;
    if (docs.length === 1) {
      return [[{
        file: docs[0].file, line: 0, column: 0, severity: 'error', source: 'relaxng', ruleId: 'rng-not-checked',
        message: `RELAX NG validation failed inside libxml2 on this document (${e.message}): it is not checked`,
        hint: 'simplify the deepest or longest part of the document, and please report it',
      }]];
    }
    const half = Math.ceil(docs.length / 2);
    return [...(await validateSplitting(docs.slice(0, half), schemaPath, schema)), ...(await validateSplitting(docs.slice(half), schemaPath, schema))];
  }
}

class EngineCrash extends Error {}

/** Per grammar text: its verdict grammar, or null when there is none (or libxml2 refused it). */
const verdictGrammars = new Map<string, string | null>();

/**
 * The verdict grammar (see verdict-grammar.ts) decides which documents are
 * valid; the documents it rejects are validated again with the grammar as
 * written, whose messages are precise and are the ones reported. Both
 * grammars accept the same documents, so a valid document is validated once
 * (with the grammar that is quick to compile), an invalid one twice.
 */
async function validateTwice(docs: readonly LoadedDocument[], schemaPath: string, schema: string): Promise<Diagnostic[][]> {
  // Attribute-heavy text: the grammar as written is the quicker one (see attributeLoad).
  if (attributeLoad(docs.map((d) => d.text)) > VERDICT_MAX_LOAD) return validateOnce(docs, schemaPath, schema);
  if (!verdictGrammars.has(schema)) {
    // A process sees one or two grammars; a long-lived one (tests, a server) should not keep them all.
    if (verdictGrammars.size >= 4) verdictGrammars.clear();
    verdictGrammars.set(schema, verdictGrammar(schema) ?? null);
  }
  const fast = verdictGrammars.get(schema);
  if (!fast) return validateOnce(docs, schemaPath, schema);
  let verdicts: Diagnostic[][];
  try {
    verdicts = await validateOnce(docs, schemaPath, fast);
  } catch (e) {
    // A grammar libxml2 refuses (not expected: the rewrite keeps the grammar's form) is not tried again.
    if (e instanceof SchemaError) verdictGrammars.set(schema, null);
    else if (!(e instanceof EngineCrash)) throw e;
    // The grammar as written then decides alone: it says why it cannot be used, or checks the documents
    // (or crashes too, and the batch is split).
    return validateOnce(docs, schemaPath, schema);
  }
  // A document libxml2 cannot read gets the same finding from either grammar.
  const again = docs.map((_, i) => i).filter((i) => verdicts[i].some((d) => d.ruleId !== 'rng-not-checked'));
  if (again.length === 0) return verdicts;
  const precise = await validateOnce(again.map((i) => docs[i]), schemaPath, schema);
  again.forEach((i, j) => (verdicts[i] = precise[j]));
  return verdicts;
}

/**
 * libxml2 validates an element's optional attributes by keeping a state for
 * each way of matching them, present or skipped: 2^k states for k attributes,
 * pruned only at the element's end, and each state checks the content. With
 * the content compiled to an automaton (the grammar as written) that is
 * cheap; with the verdict grammar's interleave, interpreted, it is not: a
 * valid 12 MB document with 7 attributes on each of 143,000 <seg> took 408 s
 * with the verdict grammar, and 20,000 of them 58 s against 10.8 s with the
 * grammar as written (5,000 of them: 16 s against 4.7 s; with 4 attributes,
 * 2.5 s either way). The load is that sum, Σ 2^k over the batch's elements
 * with more than 4 attributes, about 25 µs of the verdict grammar's time
 * per unit; past the limit the
 * grammar as written, slower to compile by 0.7 s for the project schema and
 * 10 s for tei_all, validates sooner. The letter's load is 0, the whole
 * shared corpus's 4,896, the 143,000 <seg> 18 million.
 */
export const VERDICT_MAX_LOAD = 250_000;

export function attributeLoad(texts: readonly string[]): number {
  let load = 0;
  for (const text of texts) {
    scanMarkup(text, 0, (kind, start, end) => {
      if (kind === 'start' || kind === 'empty') {
        const k = attributeCount(text, start, end);
        // Up to 4 attributes both grammars take the same time (measured above): only more count.
        if (k > 4) load += 2 ** Math.min(k, 30);
      }
      return load <= VERDICT_MAX_LOAD;
    });
    if (load > VERDICT_MAX_LOAD) break;
  }
  return load;
}

async function validateOnce(docs: readonly LoadedDocument[], schemaPath: string, schema: string): Promise<Diagnostic[][]> {
  const largest = Math.max(...docs.map((d) => d.text.length));
  let result;
  try {
    result = await validateXML({
    // Synthetic names: user file names may contain spaces or start with '-', which xmllint would misread.
    xml: docs.map((d, i) => ({ fileName: `d${i}.xml`, contents: d.text })),
    schema: [{ fileName: 'schema.rng', contents: schema }],
    extension: 'relaxng',
    // libxml2's tree costs roughly 10× the text; leave room for the compiled grammar.
    initialMemoryPages: memoryPages.MiB * 64,
    maxMemoryPages: Math.min(memoryPages.max, memoryPages.MiB * Math.max(256, Math.ceil((largest * 16) / 1048576) + 256)),
    // Without --huge libxml2 refuses a text node over 10 MB, which a document
    // under our 64 MiB limit may have; depth is bounded by the parse stage.
    modifyArguments: (args) => ['--huge', ...args],
    });
  } catch (e) {
    // xmllint exits with a code when the grammar does not compile; a crash of the engine has none.
    if (typeof (e as { code?: unknown }).code !== 'number') throw new EngineCrash(String((e as Error).message ?? e));
    // xmllint-wasm rejects when the grammar does not compile: that is the user's schema, not our crash.
    const detail = String((e as Error).message ?? e)
      .split('\n')
      .filter((l) => l.trim() && !/failed to compile/.test(l))
      .slice(0, 3)
      .map((l) => l.replace(/^schema\.rng:(\d+):/, 'line $1:').replace(/Relax-NG parser error : /, ''))
      .join('; ');
    throw new SchemaError(`the schema ${schemaPath} cannot be used: ${detail || 'libxml2 could not compile it'}`);
  }
  const raw: RawError[][] = docs.map(() => []);
  const unreadable: (string | undefined)[] = docs.map(() => undefined);
  const unparsed: string[] = [];
  for (const line of result.rawOutput.split('\n')) {
    const m = LINE_RE.exec(line);
    const p = PARSER_ERROR_RE.exec(line);
    if (m) raw[Number(m[1])]?.push({ line: Number(m[2]), element: m[3], message: m[4] });
    else if (p) unreadable[Number(p[1])] ??= `line ${p[2]}: ${p[3].replace(/,?\s*(?:use|try) XML_PARSE_HUGE(?: option)?/, '').trim()}`;
    else if (/Relax-NG schema .* failed to compile|Relax-NG parser error|schemas parser error|RNG: /i.test(line)) unparsed.push(line);
  }
  const unexplained = result.valid === false && raw.every((r) => r.length === 0) && unreadable.every((u) => u === undefined) && !/fails to validate/.test(result.rawOutput);
  if (unparsed.length > 0 || unexplained) {
    const detail = (unparsed.length ? unparsed : result.rawOutput.split('\n').filter(Boolean)).slice(0, 3).map((l) => l.replace(/^schema\.rng:/, 'line ')).join('; ');
    throw new SchemaError(`the schema ${schemaPath} cannot be used: ${detail}`);
  }
  return docs.map((d, i) => {
    const why = unreadable[i];
    if (why === undefined) return raw[i].length === 0 ? [] : summarise(d, raw[i], schemaFacts(schemaPath, schema));
    // The document parsed for us but not for libxml2 (one of its limits): a finding about this document, not the schema.
    return [{
      file: d.file, line: 0, column: 0, severity: 'error' as const, source: 'relaxng' as const, ruleId: 'rng-not-checked',
      message: `libxml2 does not accept the document as XML (${why}), so it is not checked against the schema`,
      hint: 'correct the XML there: other XML tools will refuse it too',
    }];
  });
}

/**
 * Turn libxml2's terse, often cascading messages into one actionable
 * diagnostic per problem, at the element that is wrong:
 * - "Did not expect element X there" and "Element P has extra content: X"
 *   are one problem;
 * - libxml2 reports an element at the line where its start tag ends, and a
 *   child it refuses sometimes at its parent's line: each finding is placed
 *   on the element itself (its start tag), the child looked up in the parent
 *   when need be;
 * - a finding about an element that contains another finding is a cascade
 *   (an <org> is "not allowed in <listOrg>" because an <idno> deep inside it
 *   is not allowed in <location>): only the innermost is reported.
 */
function summarise(doc: LoadedDocument, errors: RawError[], schema: SchemaFacts): Diagnostic[] {
  const finder = new ElementFinder(doc);
  const items: { s: Summary; node?: Element; attr?: Attr }[] = [];
  for (const e of errors) {
    const s = describe(e);
    if (!s) continue;
    const target = s.locate ?? e.element;
    let node = finder.at(e.line, target);
    if (!node && target !== e.element) {
      const parent = finder.at(e.line, e.element);
      const children = parent ? childElements(parent).filter((c) => c.localName === local(target)) : [];
      node = children.find((c) => errors.some((o) => o !== e && finder.within(c, o.line))) ?? children[0];
    }
    items.push({ s, node });
  }
  const located = items.filter((i) => i.node).map((i) => i.node!);
  const out: Diagnostic[] = [];
  const seen = new Set<string>();
  for (const { s, node } of items) {
    if (node && CASCADES.has(s.ruleId) && located.some((n) => n !== node && contains(node, n))) continue;
    const w = word(s, node, schema);
    const pos = w.at ?? node;
    // An attribute is placed at its name, as our engine places it (xmldom places it at its value's quote).
    const named = w.at && node ? finder.attributeName(node, (w.at as Attr).name) : undefined;
    const line = named?.line ?? (pos ? (pos as unknown as Located).lineNumber ?? s.line : s.line);
    const column = named?.column ?? (pos ? (pos as unknown as Located).columnNumber ?? 1 : 1);
    const key = `${line}|${column}|${w.message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const d: Diagnostic = { file: doc.file, line, column, severity: 'error', source: 'relaxng', ruleId: w.ruleId, message: w.message };
    if (w.hint) d.hint = w.hint;
    out.push(d);
  }
  return out;
}

interface Located {
  lineNumber?: number;
  columnNumber?: number;
}

/** Findings that an error inside the same element explains. */
const CASCADES = new Set(['rng-element-not-allowed', 'rng-element-unexpected', 'rng-content-invalid']);

/** What libxml2 said, sorted into kinds; the wording comes later, once the element is found. */
interface Summary {
  ruleId: string;
  line: number;
  /** The element libxml2 names in its report. */
  element: string;
  /** The element to point at, when it is not the one libxml2 names. */
  locate?: string;
  kind: 'child-not-allowed' | 'text' | 'attribute' | 'attributes' | 'incomplete' | 'unexpected' | 'namespace' | 'expected' | 'value' | 'datatype' | 'content' | 'other';
  /** The child, the expected element, the attribute, the datatype, as the kind needs. */
  a?: string;
  b?: string;
  raw: string;
}

function describe(e: RawError): Summary | undefined {
  const base = { line: e.line, element: e.element, raw: e.message };
  let m: RegExpExecArray | null;
  if ((m = /^Did not expect element (\S+) there$/.exec(e.message))) return { ...base, ruleId: 'rng-element-not-allowed', kind: 'child-not-allowed', a: m[1], locate: m[1] };
  if ((m = /^Element (\S+) has extra content: (\S+)$/.exec(e.message))) {
    if (m[2] === 'text') return { ...base, ruleId: 'rng-text-not-allowed', kind: 'text', a: m[1], locate: m[1] };
    return { ...base, ruleId: 'rng-element-not-allowed', kind: 'child-not-allowed', a: m[2], locate: m[2], element: m[1] };
  }
  if ((m = /^Did not expect text in element (\S+) content$/.exec(e.message))) return { ...base, ruleId: 'rng-text-not-allowed', kind: 'text', a: m[1], locate: m[1] };
  if ((m = /^Invalid attribute (\S+) for element (\S+)$/.exec(e.message))) return { ...base, ruleId: 'rng-attribute-not-allowed', kind: 'attribute', a: m[1], locate: m[2] };
  if ((m = /^Element (\S+) failed to validate attributes$/.exec(e.message))) return { ...base, ruleId: 'rng-attribute-invalid', kind: 'attributes', locate: m[1] };
  if ((m = /^Expecting an element ?(\S*), got nothing$/.exec(e.message))) return { ...base, ruleId: 'rng-content-incomplete', kind: 'incomplete', a: m[1] || undefined };
  if ((m = /^Expecting element (\S+), got (\S+)$/.exec(e.message))) return { ...base, ruleId: 'rng-element-unexpected', kind: 'unexpected', a: m[1], b: m[2], locate: m[2] };
  if ((m = /^Expecting a namespace for element (\S+)$/.exec(e.message)) || (m = /^Element (\S+) has wrong namespace/.exec(e.message))) return { ...base, ruleId: 'rng-namespace', kind: 'namespace', a: m[1], locate: m[1] };
  if ((m = /^Expecting element (\S+)$/.exec(e.message))) return { ...base, ruleId: 'rng-element-unexpected', kind: 'expected', a: m[1] };
  if ((m = /^Type (\S+) doesn't allow value '(.*)'$/.exec(e.message))) return { ...base, ruleId: 'rng-value-invalid', kind: 'value', a: m[1], b: m[2] };
  if ((m = /^Error validating (?:datatype|value) ?(\S*)$/.exec(e.message))) return { ...base, ruleId: 'rng-value-invalid', kind: 'datatype', a: m[1] || undefined };
  if (/failed to validate content/.test(e.message)) return { ...base, ruleId: 'rng-content-invalid', kind: 'content' };
  return { ...base, ruleId: 'rng-invalid', kind: 'other' };
}

/** The element's facts as the wording functions take them; from libxml2's name alone when it was not found. */
function facts(node: Element | undefined, name: string): ElementFacts {
  if (node) return { name: node.nodeName, local: node.localName ?? node.nodeName, ns: node.namespaceURI ?? '' };
  return { name, local: local(name), ns: TEI_NS };
}

function parentOf(node: Element | undefined): Element | undefined {
  const p = node?.parentNode;
  return p && p.nodeType === 1 ? (p as Element) : undefined;
}

function ref(el: ElementFacts): string {
  return guidelinesUrl(el) ?? `${el.ns ? `namespace ${el.ns}` : 'no namespace'}: not a TEI element`;
}

/** The diagnostic's words (messages.ts), and a more precise position when there is one (an attribute). */
function word(s: Summary, node: Element | undefined, schema: SchemaFacts): { ruleId: string; message: string; hint?: string; at?: Node } {
  switch (s.kind) {
    case 'child-not-allowed': {
      const child = facts(node, s.a!);
      const parentNode = parentOf(node);
      const parent = parentNode ? facts(parentNode, '') : node ? undefined : facts(undefined, s.element);
      return { ruleId: s.ruleId, ...elementNotAllowed(child, parent, schema) };
    }
    case 'text': {
      const el = facts(node, s.a!);
      return { ruleId: s.ruleId, message: `text is not allowed directly inside <${el.name}>`, hint: `wrap the text in an element <${el.name}> accepts (often <p>): ${ref(el)}` };
    }
    case 'attribute': {
      const owner = facts(node, s.locate!);
      const attr = node ? findAttribute(node, s.a!) : undefined;
      const w = attributeRefused(
        attr ? { name: attr.name, local: attr.localName ?? attr.name, ns: attr.namespaceURI ?? '', value: attr.value } : { name: s.a!, local: local(s.a!), ns: '' },
        owner,
        schema,
      );
      return { ...w, at: attr };
    }
    case 'attributes': {
      const el = facts(node, s.locate!);
      return { ruleId: s.ruleId, message: `an attribute of <${el.name}> is missing or has a value the schema does not accept`, hint: `compare the attributes with ${ref(el)}` };
    }
    case 'incomplete': {
      const el = facts(node, s.element);
      return {
        ruleId: s.ruleId,
        message: s.a ? `<${el.name}> is incomplete: <${s.a}> is required` : `<${el.name}> is incomplete: required content is missing`,
        hint: `see what <${el.name}> must contain: ${ref(el)}`,
      };
    }
    case 'unexpected': {
      const parent = facts(parentOf(node), s.element);
      return { ruleId: s.ruleId, message: `expected <${s.a}> here, found <${s.b}>${node ? `, inside <${parent.name}>` : ''}`, hint: `see the content model: ${ref(node ? parent : facts(undefined, s.element))}` };
    }
    case 'namespace':
      return { ruleId: s.ruleId, message: `<${s.a}> is not in the TEI namespace`, hint: 'TEI P5 elements are in http://www.tei-c.org/ns/1.0: check the xmlns declaration' };
    case 'expected': {
      const el = facts(node, s.element);
      return { ruleId: s.ruleId, message: `expected <${s.a}> here`, hint: `see the content model: ${ref(el)}` };
    }
    case 'value':
      return { ruleId: s.ruleId, message: `"${s.b}" is not a valid ${s.a}`, hint: `see the datatype: ${ref(facts(node, s.element))}` };
    case 'datatype':
      return { ruleId: s.ruleId, message: `a value on <${s.element}> is not valid${s.a ? ` for ${s.a}` : ''}`, hint: `see ${ref(facts(node, s.element))}` };
    case 'content':
      return { ruleId: s.ruleId, message: `the content of <${s.element}> does not match what the schema allows`, hint: `see ${ref(facts(node, s.element))}` };
    default:
      return { ruleId: s.ruleId, message: `<${s.element}>: ${s.raw}`, hint: node ? undefined : `see ${guidelinesUrlOf(s.element)}` };
  }
}

function local(name: string): string {
  return name.replace(/^.*:/, '');
}

function childElements(el: Element): Element[] {
  const out: Element[] = [];
  // xmldom has no element-only child accessors.
  for (let c = el.firstChild; c; c = c.nextSibling) if (c.nodeType === 1) out.push(c as Element);
  return out;
}

function contains(outer: Element, inner: Element): boolean {
  for (let p = inner.parentNode; p; p = p.parentNode) if (p === outer) return true;
  return false;
}

/** The attribute libxml2 names by its local name (it drops the prefix: xsi:schemaLocation is "schemaLocation"). */
function findAttribute(el: Element, name: string): Attr | undefined {
  const attrs = el.attributes;
  let byLocal: Attr | undefined;
  for (let i = 0; i < attrs.length; i++) {
    const a = attrs[i];
    if (a.name === name) return a;
    if ((a.localName ?? a.name) === local(name)) byLocal ??= a;
  }
  return byLocal;
}

/**
 * Elements by local name, each with the lines its start tag spans: libxml2
 * reports an element at the line where its start tag ends, xmldom at the
 * line where it begins, and a start tag with one attribute per line spans
 * several. Built on first use, once per invalid document.
 */
class ElementFinder {
  private byName?: Map<string, Element[]>;
  private starts?: number[];
  private readonly endLines = new Map<Element, number>();

  constructor(private readonly doc: LoadedDocument) {}

  /** The first element of that name whose start tag covers the line. */
  at(line: number, name: string): Element | undefined {
    for (const el of this.index().get(local(name)) ?? []) {
      const start = (el as unknown as Located).lineNumber ?? 0;
      if (start > line) break;
      if (line <= this.tagEndLine(el)) return el;
    }
    return undefined;
  }

  /** Whether a line falls inside an element: from its start tag to its last descendant's start. */
  within(el: Element, line: number): boolean {
    const start = (el as unknown as Located).lineNumber ?? 0;
    if (line < start) return false;
    let last: Node = el;
    while (last.lastChild) last = last.lastChild;
    let end = this.tagEndLine(el);
    for (let n: Node | null = last; n && n !== el; n = n.parentNode) {
      if (n.nodeType === 1) {
        end = Math.max(end, this.tagEndLine(n as Element));
        break;
      }
    }
    return line <= end;
  }

  /** Where an attribute's name is, in its element's start tag (undefined when the tag is not found there). */
  attributeName(el: Element, name: string): { line: number; column: number } | undefined {
    const pos = el as unknown as Located;
    const text = this.doc.text;
    this.starts ??= lineStarts(text);
    const offset = offsetAt(this.starts, pos.lineNumber ?? 1, pos.columnNumber ?? 1, text.length);
    if (text[offset] !== '<') return undefined;
    const end = tagEnd(text, offset);
    const tag = text.slice(offset, end > 0 ? end : undefined);
    const m = new RegExp(`\\s(${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')})\\s*=`).exec(tag);
    return m ? positionAt(this.starts, offset + m.index + m[0].indexOf(m[1])) : undefined;
  }

  private index(): Map<string, Element[]> {
    if (!this.byName) {
      const map = new Map<string, Element[]>();
      const stack: Element[] = [this.doc.root];
      while (stack.length > 0) {
        const el = stack.pop()!;
        const k = el.localName ?? el.nodeName;
        const list = map.get(k);
        if (list) list.push(el);
        else map.set(k, [el]);
        const kids = childElements(el);
        for (let i = kids.length - 1; i >= 0; i--) stack.push(kids[i]);
      }
      this.byName = map;
    }
    return this.byName;
  }

  private tagEndLine(el: Element): number {
    let end = this.endLines.get(el);
    if (end === undefined) {
      const pos = el as unknown as Located;
      end = pos.lineNumber ?? 0;
      const text = this.doc.text;
      this.starts ??= lineStarts(text);
      const offset = offsetAt(this.starts, pos.lineNumber ?? 1, pos.columnNumber ?? 1, text.length);
      // Only where the position is a start tag's "<" (positions may drift where entities were expanded on the line).
      if (text[offset] === '<') {
        const after = tagEnd(text, offset);
        if (after > 0) end = positionAt(this.starts, after - 1).line;
      }
      this.endLines.set(el, end);
    }
    return end;
  }
}

import { promises as fs } from 'node:fs';
import { validateXML, memoryPages } from 'xmllint-wasm';
import type { Diagnostic } from './diagnostic';
import type { LoadedDocument } from '../parse/load';
import { attributeCount, scanMarkup } from '../parse/scan';
import { verdictGrammar } from './verdict-grammar';

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

const GUIDELINES = 'https://tei-c.org/release/doc/tei-p5-doc/en/html/ref-';

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

export async function validateRelaxNG(docs: readonly LoadedDocument[], schemaPath: string, schemaText?: string): Promise<Diagnostic[][]> {
  if (docs.length === 0) return [];
  const schema = schemaText ?? (await readSchema(schemaPath));
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
    if (why === undefined) return summarise(d, raw[i]);
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
 * diagnostic per problem: "Did not expect element X there" and "Element P has
 * extra content: X" are one problem; "failed to validate content" on an
 * ancestor only repeats what its children already said.
 */
function summarise(doc: LoadedDocument, errors: RawError[]): Diagnostic[] {
  const out: Diagnostic[] = [];
  const seen = new Set<string>();
  const specificLines = new Set(errors.filter((e) => !/failed to validate content|has extra content/.test(e.message)).map((e) => e.line));
  for (const e of errors) {
    const s = describe(e);
    if (!s) continue;
    if (/failed to validate content|has extra content/.test(e.message) && specificLines.has(e.line)) continue;
    const key = `${e.line}|${s.message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const el = findElement(doc.root, e.line, s.locate ?? e.element);
    out.push({
      file: doc.file,
      line: e.line,
      column: el?.column ?? 1,
      severity: 'error',
      source: 'relaxng',
      ruleId: s.ruleId,
      message: s.message.replace('%PARENT%', el?.parent ? `<${el.parent}>` : 'its parent'),
      hint: s.hint,
    });
  }
  return out;
}

interface Summary {
  ruleId: string;
  message: string;
  hint?: string;
  /** The element to point at, when it is not the one libxml2 names. */
  locate?: string;
}

function ref(name: string): string {
  return `${GUIDELINES}${name.replace(/^.*:/, '')}.html`;
}

function describe(e: RawError): Summary | undefined {
  const el = e.element;
  let m: RegExpExecArray | null;
  if ((m = /^Did not expect element (\S+) there$/.exec(e.message))) {
    return { ruleId: 'rng-element-not-allowed', message: `<${m[1]}> is not allowed here, inside %PARENT%`, hint: `see where <${m[1]}> may occur: ${ref(m[1])}`, locate: m[1] };
  }
  if ((m = /^Element (\S+) has extra content: (\S+)$/.exec(e.message))) {
    const what = m[2] === 'text' ? 'text' : `<${m[2]}>`;
    return { ruleId: 'rng-element-not-allowed', message: `${what} is not allowed inside <${m[1]}>`, hint: `see what <${m[1]}> may contain: ${ref(m[1])}`, locate: m[1] };
  }
  if ((m = /^Did not expect text in element (\S+) content$/.exec(e.message))) {
    return { ruleId: 'rng-text-not-allowed', message: `text is not allowed directly inside <${m[1]}>`, hint: `wrap the text in an element <${m[1]}> accepts (often <p>): ${ref(m[1])}` };
  }
  if ((m = /^Invalid attribute (\S+) for element (\S+)$/.exec(e.message))) {
    return { ruleId: 'rng-attribute-not-allowed', message: `attribute @${m[1]} is not allowed on <${m[2]}>`, hint: `check the spelling, or see the attributes of <${m[2]}>: ${ref(m[2])}` };
  }
  if ((m = /^Element (\S+) failed to validate attributes$/.exec(e.message))) {
    return { ruleId: 'rng-attribute-invalid', message: `an attribute of <${m[1]}> is missing or has a value the schema does not accept`, hint: `compare the attributes with ${ref(m[1])}` };
  }
  if ((m = /^Expecting an element ?(\S*), got nothing$/.exec(e.message))) {
    return {
      ruleId: 'rng-content-incomplete',
      message: m[1] ? `<${el}> is incomplete: <${m[1]}> is required` : `<${el}> is incomplete: required content is missing`,
      hint: `see what <${el}> must contain: ${ref(el)}`,
    };
  }
  if ((m = /^Expecting element (\S+), got (\S+)$/.exec(e.message))) {
    return { ruleId: 'rng-element-unexpected', message: `expected <${m[1]}> here, found <${m[2]}>`, hint: `see the content model: ${ref(el)}`, locate: m[2] };
  }
  if ((m = /^Expecting a namespace for element (\S+)$/.exec(e.message)) || (m = /^Element (\S+) has wrong namespace/.exec(e.message))) {
    return { ruleId: 'rng-namespace', message: `<${m[1]}> is not in the TEI namespace`, hint: 'TEI P5 elements are in http://www.tei-c.org/ns/1.0: check the xmlns declaration' };
  }
  if ((m = /^Expecting element (\S+)$/.exec(e.message))) {
    return { ruleId: 'rng-element-unexpected', message: `expected <${m[1]}> here`, hint: `see the content model: ${ref(el)}` };
  }
  if ((m = /^Type (\S+) doesn't allow value '(.*)'$/.exec(e.message))) {
    return { ruleId: 'rng-value-invalid', message: `"${m[2]}" is not a valid ${m[1]}`, hint: `see the datatype: ${ref(el)}` };
  }
  if ((m = /^Error validating (?:datatype|value) ?(\S*)$/.exec(e.message))) {
    return { ruleId: 'rng-value-invalid', message: `a value on <${el}> is not valid${m[1] ? ` for ${m[1]}` : ''}`, hint: `see ${ref(el)}` };
  }
  if (/failed to validate content/.test(e.message)) {
    return { ruleId: 'rng-content-invalid', message: `the content of <${el}> does not match what the schema allows`, hint: `see ${ref(el)}` };
  }
  return { ruleId: 'rng-invalid', message: `<${el}>: ${e.message}` };
}

/** Find the element of that name starting on that line, for a column and its parent's name. */
function findElement(root: Element, line: number, name: string): { column: number; parent?: string } | undefined {
  const local = name.replace(/^.*:/, '');
  let best: { column: number; parent?: string } | undefined;
  const stack: Element[] = [root];
  while (stack.length > 0) {
    const el = stack.pop()!;
    const pos = el as unknown as { lineNumber?: number; columnNumber?: number };
    if (pos.lineNumber === line && el.localName === local) {
      const parent = el.parentNode && el.parentNode.nodeType === 1 ? (el.parentNode as Element).nodeName : undefined;
      if (!best || (pos.columnNumber ?? 0) < best.column) best = { column: pos.columnNumber ?? 1, parent };
    }
    if ((pos.lineNumber ?? 0) > line) continue;
    // xmldom has no element-only child accessors.
    for (let c = el.lastChild; c; c = c.previousSibling) if (c.nodeType === 1) stack.push(c as Element);
  }
  return best;
}

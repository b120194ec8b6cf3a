/**
 * Generates schemas/tei-edition.rng, the project's TEI customisation, from the official
 * tei_all.rng and the element whitelist in schemas/tei-edition.elements.json.
 *
 * The customisation is derived by deletion only, as an ODD with `elementSpec mode="delete"`
 * would be: references to elements outside the whitelist become <notAllowed/>, and the
 * grammar is then simplified. Replacing a pattern by notAllowed can only shrink the language a
 * grammar accepts, and the simplifications below preserve it exactly, so every document valid
 * against the output is valid against tei_all.rng. test/schema/conformance.test.ts checks this
 * on documents and checks that the committed output matches this generator.
 *
 * Usage: node dist/tools/make-schema.js [tei_all.rng] [--whitelist file] [--out file]
 */
import * as fs from 'fs';
import * as path from 'path';
import { DOMParser, type Element } from '@xmldom/xmldom';

const RNG_NS = 'http://relaxng.org/ns/structure/1.0';
const ANN_NS = 'http://relaxng.org/ns/compatibility/annotations/1.0';

export interface WhitelistGroup {
  name: string;
  why: string;
  elements: string[];
}

export interface Whitelist {
  groups: WhitelistGroup[];
  excluded?: WhitelistGroup[];
}

/** A RELAX NG element, reduced to what the schema means: no annotations, no comments. */
interface RNode {
  name: string;
  attrs: Array<[string, string]>;
  children: RNode[];
  /** Character content; only value, param and name carry any. */
  text?: string;
}

export interface MakeSchemaResult {
  rng: string;
  /** Element names the output admits, sorted. */
  elements: string[];
  defines: number;
  /** The tei_all.rng edition line, e.g. "P5 Version 4.12.0. Last updated on ...". */
  teiVersion: string;
}

const TEXT_BEARING = new Set(['value', 'param', 'name']);
// Constructs tei_all.rng does not use; handling them correctly would need more than deletion.
const UNSUPPORTED = new Set(['include', 'externalRef', 'parentRef', 'grammar', 'div']);
const NAME_CLASSES = new Set(['name', 'anyName', 'nsName', 'choice']);

function fromDom(el: Element): RNode {
  const attrs: Array<[string, string]> = [];
  for (let i = 0; i < el.attributes.length; i++) {
    const a = el.attributes[i];
    if (a.name === 'xmlns' || a.name.startsWith('xmlns:')) continue;
    if (a.namespaceURI === null || a.namespaceURI === '') attrs.push([a.name, a.value]);
    // a:defaultValue documents attribute defaults for editors; validators ignore it.
    else if (a.namespaceURI === ANN_NS && a.localName === 'defaultValue') attrs.push(['a:defaultValue', a.value]);
  }
  const node: RNode = { name: el.localName ?? el.nodeName, attrs, children: [] };
  let text = '';
  for (let c = el.firstChild; c; c = c.nextSibling) {
    if (c.nodeType === 1) {
      const ce = c as Element;
      // Foreign elements are annotations (a:documentation, embedded Schematron): not grammar.
      if (ce.namespaceURI !== RNG_NS) continue;
      if (UNSUPPORTED.has(ce.localName ?? '')) throw new Error(`make-schema: <${ce.localName}> is not supported`);
      node.children.push(fromDom(ce));
    } else if (c.nodeType === 3 || c.nodeType === 4) {
      text += c.nodeValue ?? '';
    }
  }
  if (TEXT_BEARING.has(node.name)) node.text = text;
  else if (text.trim() !== '') throw new Error(`make-schema: unexpected text in <${node.name}>: ${text.trim().slice(0, 40)}`);
  return node;
}

const attr = (n: RNode, name: string): string | undefined => n.attrs.find(([k]) => k === name)?.[1];
const mk = (name: string, children: RNode[] = [], attrs: Array<[string, string]> = []): RNode => ({ name, attrs, children });
const NOT_ALLOWED = (): RNode => mk('notAllowed');
const isNA = (n: RNode): boolean => n.name === 'notAllowed';

/**
 * Simplifies a sequence of patterns read as a group (the implicit group inside element, define,
 * oneOrMore, ...). Returns null if the sequence can match nothing; otherwise at least one pattern.
 */
function simplifySeq(children: RNode[], dead: Set<string>): RNode[] | null {
  const out: RNode[] = [];
  for (const c of children) {
    const s = simplify(c, dead);
    if (isNA(s)) return null;
    if (s.name === 'empty') continue;
    out.push(s);
  }
  return out.length ? out : [mk('empty')];
}

/** RELAX NG simplification of notAllowed (spec section 4.19), bottom-up. */
function simplify(n: RNode, dead: Set<string>): RNode {
  switch (n.name) {
    case 'ref':
      return dead.has(attr(n, 'name') ?? '') ? NOT_ALLOWED() : n;
    case 'choice': {
      const kept = n.children.map((c) => simplify(c, dead)).filter((c) => !isNA(c));
      const unique: RNode[] = [];
      let sawEmpty = false;
      for (const c of kept) {
        // A second <empty/> branch adds nothing; this arises when optional parts vanish.
        if (c.name === 'empty') {
          if (sawEmpty) continue;
          sawEmpty = true;
        }
        unique.push(c);
      }
      if (unique.length === 0) return NOT_ALLOWED();
      if (unique.length === 1) return unique[0];
      return { ...n, children: unique };
    }
    case 'group':
    case 'interleave': {
      const seq = simplifySeq(n.children, dead);
      if (!seq) return NOT_ALLOWED();
      return seq.length === 1 ? seq[0] : { ...n, children: seq };
    }
    case 'oneOrMore':
    case 'list':
    case 'mixed': {
      const seq = simplifySeq(n.children, dead);
      return seq ? { ...n, children: seq } : NOT_ALLOWED();
    }
    case 'zeroOrMore':
    case 'optional': {
      const seq = simplifySeq(n.children, dead);
      if (!seq) return mk('empty');
      if (seq.length === 1 && seq[0].name === 'empty') return seq[0];
      return { ...n, children: seq };
    }
    case 'element':
    case 'attribute': {
      // Without a name attribute the first child is a name class, not a pattern.
      const hasNameClass = attr(n, 'name') === undefined && n.children.length > 0 && NAME_CLASSES.has(n.children[0].name);
      const head = hasNameClass ? [n.children[0]] : [];
      const body = hasNameClass ? n.children.slice(1) : n.children;
      if (n.name === 'attribute' && body.length === 0) return n; // content defaults to <text/>
      const seq = simplifySeq(body, dead);
      // An element or attribute whose content can match nothing can never occur.
      if (!seq) return NOT_ALLOWED();
      return { ...n, children: [...head, ...seq] };
    }
    case 'data': {
      const children: RNode[] = [];
      for (const c of n.children) {
        if (c.name !== 'except') {
          children.push(c);
          continue;
        }
        const ex = c.children.map((x) => simplify(x, dead)).filter((x) => !isNA(x));
        // data minus nothing is data.
        if (ex.length) children.push({ ...c, children: ex });
      }
      return { ...n, children };
    }
    default:
      // text, empty, notAllowed, value, param: leaves.
      return n;
  }
}

/**
 * Defines that can match no finite XML at all: the complement of the least fixpoint of
 * "can match something", computed by iterating from nothing.
 */
function unproductive(defines: Map<string, RNode>, dead: Set<string>): string[] {
  const productive = new Set<string>();
  const can = (n: RNode): boolean => {
    switch (n.name) {
      case 'notAllowed':
        return false;
      case 'ref':
        return productive.has(attr(n, 'name') ?? '');
      case 'choice':
        return n.children.some(can);
      case 'zeroOrMore':
      case 'optional':
        return true;
      case 'element':
      case 'attribute': {
        const hasNameClass = attr(n, 'name') === undefined && n.children.length > 0 && NAME_CLASSES.has(n.children[0].name);
        return (hasNameClass ? n.children.slice(1) : n.children).every(can);
      }
      case 'data':
        return true; // an except can only narrow a datatype, and TEI's never empties one
      default:
        // group, interleave, oneOrMore, list, mixed: every part must match; leaves match.
        return n.children.every(can);
    }
  };
  for (let grew = true; grew; ) {
    grew = false;
    for (const [name, def] of defines) {
      if (dead.has(name) || productive.has(name)) continue;
      if (def.children.every(can)) {
        productive.add(name);
        grew = true;
      }
    }
  }
  return [...defines.keys()].filter((name) => !dead.has(name) && !productive.has(name));
}

function refsIn(n: RNode, into: Set<string>): Set<string> {
  if (n.name === 'ref') into.add(attr(n, 'name') ?? '');
  for (const c of n.children) refsIn(c, into);
  return into;
}

/** The TEI element a define declares, if the define is exactly one named <element>. */
function declaredElement(def: RNode): string | undefined {
  if (def.children.length !== 1) return undefined;
  const el = def.children[0];
  return el.name === 'element' ? attr(el, 'name') : undefined;
}

function escapeText(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
function escapeAttr(s: string): string {
  return escapeText(s).replace(/"/g, '&quot;').replace(/\n/g, '&#10;').replace(/\t/g, '&#9;').replace(/\r/g, '&#13;');
}

function serialize(n: RNode, indent: string, out: string[]): void {
  const attrs = n.attrs.map(([k, v]) => ` ${k}="${escapeAttr(v)}"`).join('');
  if (n.text !== undefined && n.children.length === 0) {
    out.push(n.text === '' ? `${indent}<${n.name}${attrs}/>` : `${indent}<${n.name}${attrs}>${escapeText(n.text)}</${n.name}>`);
  } else if (n.children.length === 0) {
    out.push(`${indent}<${n.name}${attrs}/>`);
  } else {
    out.push(`${indent}<${n.name}${attrs}>`);
    for (const c of n.children) serialize(c, indent + '  ', out);
    out.push(`${indent}</${n.name}>`);
  }
}

function usesDefaultValue(n: RNode): boolean {
  return n.attrs.some(([k]) => k === 'a:defaultValue') || n.children.some(usesDefaultValue);
}

function qnamePrefixes(n: RNode, into: Set<string>): Set<string> {
  const q = n.name === 'element' || n.name === 'attribute' ? attr(n, 'name') : n.name === 'name' ? n.text?.trim() : undefined;
  if (q && q.includes(':')) into.add(q.split(':')[0]);
  for (const c of n.children) qnamePrefixes(c, into);
  return into;
}

function allNames(whitelist: WhitelistGroup[]): Set<string> {
  return new Set(whitelist.flatMap((g) => g.elements));
}

export function makeSchema(teiAllXml: string, whitelist: Whitelist): MakeSchemaResult {
  const errors: string[] = [];
  const doc = new DOMParser({
    onError: (level: string, msg: string) => {
      if (level !== 'warning') errors.push(msg);
    },
  }).parseFromString(teiAllXml, 'text/xml');
  const root = doc.documentElement;
  if (errors.length || !root || root.namespaceURI !== RNG_NS || root.localName !== 'grammar') {
    throw new Error(`make-schema: not a RELAX NG grammar${errors.length ? ': ' + errors[0] : ''}`);
  }
  const grammar = fromDom(root);

  // The source's own comments say which TEI release it is; carry that into the header.
  let teiVersion = '';
  let licence = '';
  for (let c = root.firstChild; c; c = c.nextSibling) {
    if (c.nodeType !== 8) continue;
    const t = c.nodeValue ?? '';
    const m = /TEI Edition:\s*([^\n]*)/.exec(t);
    if (m) teiVersion = m[1].trim();
    if (/licen[cs]ed/i.test(t)) licence = t.trim();
  }
  if (!teiVersion) throw new Error('make-schema: no "TEI Edition:" comment in the source schema');

  const defines = new Map<string, RNode>();
  const order: string[] = [];
  let start: RNode | undefined;
  for (const c of grammar.children) {
    if (c.name === 'define') {
      const name = attr(c, 'name') ?? '';
      if (attr(c, 'combine') || defines.has(name)) throw new Error(`make-schema: combined define ${name} is not supported`);
      defines.set(name, c);
      order.push(name);
    } else if (c.name === 'start') {
      start = c;
    } else {
      throw new Error(`make-schema: <${c.name}> in grammar is not supported`);
    }
  }
  if (!start) throw new Error('make-schema: no <start>');

  const elementDefine = new Map<string, string>(); // element name -> define name
  for (const [name, def] of defines) {
    const el = declaredElement(def);
    if (el) elementDefine.set(el, name);
  }
  const keep = allNames(whitelist.groups);
  const unknown = [...keep, ...allNames(whitelist.excluded ?? [])].filter((e) => !elementDefine.has(e));
  if (unknown.length) throw new Error(`make-schema: not TEI elements in ${teiVersion}: ${[...new Set(unknown)].join(', ')}`);
  const overlap = [...allNames(whitelist.excluded ?? [])].filter((e) => keep.has(e));
  if (overlap.length) throw new Error(`make-schema: both admitted and excluded: ${overlap.join(', ')}`);

  // Deletion: every element outside the whitelist, then whatever can no longer match anything.
  const dead = new Set<string>();
  for (const [el, def] of elementDefine) if (!keep.has(el)) dead.add(def);
  for (;;) {
    let changed = false;
    for (const [name, def] of defines) {
      if (dead.has(name)) continue;
      const seq = simplifySeq(def.children, dead);
      if (!seq) {
        dead.add(name);
        changed = true;
      } else {
        defines.set(name, { ...def, children: seq });
      }
    }
    if (changed) continue;
    // Simplification alone misses recursion with no way out, e.g. listWit = (witness | listWit)+
    // without witness: such a define matches no finite document, so it is as dead as notAllowed.
    const barren = unproductive(defines, dead);
    if (barren.length === 0) break;
    for (const name of barren) dead.add(name);
  }
  const startSeq = simplifySeq(start.children, dead);
  if (!startSeq) throw new Error('make-schema: the whitelist leaves no valid root element');
  start = { ...start, children: startSeq };

  const reachable = new Set<string>();
  const queue = [...refsIn(start, new Set())];
  while (queue.length) {
    const name = queue.pop() as string; // non-empty: checked by the loop condition
    if (reachable.has(name)) continue;
    const def = defines.get(name);
    if (!def || dead.has(name)) throw new Error(`make-schema: dangling reference to ${name}`);
    reachable.add(name);
    queue.push(...refsIn(def, new Set()));
  }

  const admitted = [...elementDefine].filter(([, def]) => reachable.has(def)).map(([el]) => el).sort();
  // A whitelisted element that vanished needs an element the whitelist lacks: say which, rather
  // than publish a schema that silently differs from its documentation.
  const lost = [...keep].filter((e) => !admitted.includes(e)).sort();
  if (lost.length) {
    throw new Error(
      `make-schema: whitelisted but not admitted (their content or every context needs an element outside the whitelist): ${lost.join(', ')}`,
    );
  }

  const body = order.filter((n) => reachable.has(n)).map((n) => defines.get(n) as RNode);
  const rootAttrs: Array<[string, string]> = [['xmlns', RNG_NS]];
  if (body.some(usesDefaultValue)) rootAttrs.push(['xmlns:a', ANN_NS]);
  const prefixes = new Set<string>();
  for (const d of body) qnamePrefixes(d, prefixes);
  for (const p of [...prefixes].filter((p) => p !== 'xml').sort()) {
    const uri = root.getAttribute(`xmlns:${p}`);
    if (!uri) throw new Error(`make-schema: prefix ${p} is not declared in the source`);
    rootAttrs.push([`xmlns:${p}`, uri]);
  }
  for (const k of ['ns', 'datatypeLibrary']) {
    const v = attr(grammar, k);
    if (v !== undefined) rootAttrs.push([k, v]);
  }

  const lines: string[] = ['<?xml version="1.0" encoding="UTF-8"?>'];
  lines.push(
    '<!--',
    '  tei-edition: the project\'s TEI P5 customisation for editions of letters and documents with variants.',
    '',
    '  GENERATED FILE: DO NOT EDIT BY HAND.',
    `  Generated from tei_all.rng, TEI ${teiVersion.replace(/--/g, '- -')}`,
    '  by src/tools/make-schema.ts, keeping only the elements listed in schemas/tei-edition.elements.json.',
    '  Regenerate: npx tsc -p tsconfig.json && node dist/tools/make-schema.js',
    '',
    '  It is derived by deletion only, so every document valid against it is valid against tei_all.rng.',
    '  The TEI Schematron constraints embedded in tei_all.rng are not carried over.',
    '-->',
  );
  if (licence) lines.push(`<!--${licence.replace(/--/g, '- -')}-->`);
  const out: string[] = [];
  serialize({ name: 'grammar', attrs: rootAttrs, children: [start, ...body] }, '', out);
  lines.push(...out, '');

  return { rng: lines.join('\n'), elements: admitted, defines: body.length, teiVersion };
}

function main(argv: string[]): void {
  const projectRoot = path.resolve(__dirname, '..', '..');
  let source = path.resolve(projectRoot, '..', 'shared', 'reference', 'tei_all.rng');
  let whitelistPath = path.join(projectRoot, 'schemas', 'tei-edition.elements.json');
  let outPath = path.join(projectRoot, 'schemas', 'tei-edition.rng');
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--whitelist') whitelistPath = path.resolve(argv[++i]);
    else if (a === '--out') outPath = path.resolve(argv[++i]);
    else if (a === '-h' || a === '--help') {
      process.stdout.write('usage: make-schema [tei_all.rng] [--whitelist file.json] [--out file.rng]\n');
      return;
    } else source = path.resolve(a);
  }
  const whitelist = JSON.parse(fs.readFileSync(whitelistPath, 'utf8')) as Whitelist;
  const result = makeSchema(fs.readFileSync(source, 'utf8'), whitelist);
  // Write beside the target and rename, so a failed run never leaves half a schema.
  const tmp = `${outPath}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, result.rng);
  fs.renameSync(tmp, outPath);
  process.stdout.write(
    `${path.relative(process.cwd(), outPath)}: ${result.elements.length} elements, ${result.defines} defines, ` +
      `${Buffer.byteLength(result.rng)} bytes (from TEI ${result.teiVersion})\n`,
  );
}

if (require.main === module) {
  try {
    main(process.argv.slice(2));
  } catch (e) {
    process.stderr.write(`${e instanceof Error ? e.message : String(e)}\n`);
    process.exitCode = 1;
  }
}

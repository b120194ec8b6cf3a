import type { Diagnostic } from '../diagnostic';
import { lineStarts, positionAt } from './scan';

/**
 * DOCTYPE handling. @xmldom/xmldom silently drops the text of entities it does
 * not know, which in an edition means words vanishing from the published text.
 * So we expand internal general entities ourselves, within strict limits, and
 * refuse everything else with a located error. Nothing is ever fetched: external
 * DTDs and external entities are named in a diagnostic, never opened.
 */
export const ENTITY_LIMITS = {
  /** Nesting of entity references inside entity values. */
  maxDepth: 8,
  /** References expanded in one document (billion-laughs guard). */
  maxExpansions: 10_000,
  /** Characters that expansion may add to the document. */
  maxAddedChars: 1_000_000,
};

const PREDEFINED = new Set(['amp', 'lt', 'gt', 'quot', 'apos']);

export interface DoctypeResult {
  /** The text with the DOCTYPE blanked (newlines kept, so positions stay true) and entities expanded. */
  text?: string;
  diagnostics: Diagnostic[];
}

interface EntityDecl {
  name: string;
  value?: string;
  systemId?: string;
  /** Set for a PUBLIC entity: how it is named in messages (`PUBLIC "-//…" "…"`). */
  publicId?: string;
  line: number;
  column: number;
}

/** How an external entity was declared, as the document wrote it. */
function externalId(decl: EntityDecl): string {
  return decl.publicId !== undefined ? `PUBLIC "${decl.publicId}" "${decl.systemId}"` : `SYSTEM "${decl.systemId}"`;
}

/** Locate `<!DOCTYPE ...>` including an internal subset, skipping quoted strings and comments. */
function findDoctype(text: string): { start: number; end: number; subsetStart: number; subsetEnd: number } | undefined {
  // A DOCTYPE only counts in the prolog: skip the XML declaration, processing
  // instructions, comments and whitespace (a comment may well contain "<x").
  const prolog = /^(?:\s+|<\?[\s\S]*?\?>|<!--[\s\S]*?-->)*/.exec(text);
  const start = prolog ? prolog[0].length : 0;
  if (!text.startsWith('<!DOCTYPE', start)) return undefined;
  let i = start + 9;
  let subsetStart = -1;
  let subsetEnd = -1;
  let quote = '';
  while (i < text.length) {
    const c = text[i];
    if (quote) {
      if (c === quote) quote = '';
    } else if (c === '"' || c === "'") {
      quote = c;
    } else if (subsetStart >= 0 && subsetEnd < 0) {
      if (text.startsWith('<!--', i)) {
        const e = text.indexOf('-->', i + 4);
        if (e < 0) return undefined;
        i = e + 3;
        continue;
      }
      if (c === ']') subsetEnd = i;
    } else if (c === '[') {
      subsetStart = i + 1;
    } else if (c === '>') {
      return { start, end: i + 1, subsetStart, subsetEnd };
    }
    i++;
  }
  return undefined;
}

function parseSubset(text: string, from: number, to: number, file: string, diags: Diagnostic[]): Map<string, EntityDecl> {
  const entities = new Map<string, EntityDecl>();
  /** Parameter entities declared here: internal (a value) or external (an identifier). */
  const parameters = new Map<string, EntityDecl>();
  const subset = text.slice(from, to);
  // The lines up to the subset's end only: the document after it does not matter here.
  const starts = lineStarts(text.slice(0, to));
  const declRe = /<!ENTITY\s+(%\s+)?([^\s%"']+)\s+((?:SYSTEM|PUBLIC)\b[^>]*|"[^"]*"|'[^']*')[^>]*>|<!--[\s\S]*?-->|<!ATTLIST\b[^>]*>|%([^\s;]+);/g;
  for (let m = declRe.exec(subset); m; m = declRe.exec(subset)) {
    const at = positionAt(starts, from + m.index);
    if (m[0].startsWith('<!--')) continue;
    if (m[0].startsWith('<!ATTLIST')) {
      diags.push({
        file, ...at, severity: 'warning', source: 'xml', ruleId: 'xml-attlist-ignored',
        message: 'attribute defaults declared in the DOCTYPE are not applied',
        hint: 'write the attributes in the document itself, so every tool sees them',
      });
      continue;
    }
    if (m[4] !== undefined) {
      const decl = parameters.get(m[4]);
      if (decl?.value !== undefined) {
        // An internal parameter entity: nothing is fetched, but declarations made through one are not read either
        // (it is also how parameter-entity bombs are built, so it is never expanded).
        diags.push({
          file, ...at, severity: 'warning', source: 'xml', ruleId: 'xml-parameter-entity',
          message: `parameter entity %${m[4]}; is not expanded: declarations made through parameter entities are not read`,
          hint: 'write the declarations it holds into the internal subset directly',
        });
      } else {
        diags.push({
          file, ...at, severity: 'warning', source: 'xml', ruleId: 'xml-external-dtd',
          message: decl
            ? `external parameter entity %${m[4]}; (${externalId(decl)}) is not read: external declarations are never fetched`
            : `parameter entity %${m[4]}; is not declared in the internal subset, and external declarations are never fetched`,
          hint: 'entities it declares are undefined here; declare the ones the document uses in its internal subset',
        });
      }
      continue;
    }
    const name = m[2];
    const into = m[1] ? parameters : entities;
    if (into.has(name)) continue; // XML: the first declaration wins
    into.set(name, declaration(name, m[3], at));
  }
  return entities;
}

function declaration(name: string, def: string, at: { line: number; column: number }): EntityDecl {
  if (!/^(?:SYSTEM|PUBLIC)\b/.test(def)) return { name, value: def.slice(1, -1), ...at };
  // The system identifier is the last quoted literal; PUBLIC has a public identifier first.
  const literals = (def.match(/"[^"]*"|'[^']*'/g) ?? []).map((l) => l.slice(1, -1));
  const systemId = literals[literals.length - 1] ?? '';
  return def.startsWith('PUBLIC') ? { name, systemId, publicId: literals.length > 1 ? literals[0] : '', ...at } : { name, systemId, ...at };
}

class ExpansionError extends Error {
  constructor(
    readonly ruleId: string,
    message: string,
    readonly hint: string,
  ) {
    super(message);
  }
}

export function resolveDoctype(file: string, text: string): DoctypeResult {
  const diagnostics: Diagnostic[] = [];
  const dt = findDoctype(text);
  if (!dt) return { text, diagnostics };
  const entities = dt.subsetStart >= 0 ? parseSubset(text, dt.subsetStart, dt.subsetEnd, file, diagnostics) : new Map<string, EntityDecl>();
  const head = text.slice(dt.start, dt.subsetStart >= 0 ? dt.subsetStart : dt.end);
  const ext = /\b(?:SYSTEM|PUBLIC)\s+(?:"[^"]*"\s*|'[^']*'\s*)?(?:"([^"]*)"|'([^']*)')/.exec(head);
  if (ext) {
    diagnostics.push({
      file, ...positionAt(lineStarts(text), dt.start), severity: 'warning', source: 'xml', ruleId: 'xml-external-dtd',
      message: `the external DTD "${ext[1] ?? ext[2]}" is not read: external DTDs are never fetched`,
      hint: 'validation uses the RELAX NG schema; entities the DTD declares are undefined here',
    });
  }

  let expansions = 0;
  let added = 0;
  /** Offset (in `text`) of the reference in the document being expanded: where an error is reported. */
  let at = dt.end;
  const expand = (value: string, depth: number, chain: string[], base = -1): string =>
    value.replace(/&([A-Za-z_:][\w.:-]*);/g, (ref, name: string, offset: number) => {
      // Located here, in the one pass, rather than by expanding each reference again after a failure:
      // re-expanding 10,000 references to a 100 KB entity is the quadratic blow-up this code refuses.
      if (base >= 0) at = base + offset;
      if (PREDEFINED.has(name)) return ref;
      const decl = entities.get(name);
      if (!decl) throw new ExpansionError('xml-undefined-entity', `undefined entity &${name};`, 'declare it in the DOCTYPE internal subset, or replace it by the character it stands for');
      if (decl.systemId !== undefined) {
        throw new ExpansionError('xml-external-entity', `external entity &${name}; (${externalId(decl)}) is never fetched`, 'paste the text it stands for into the document');
      }
      if (chain.includes(name)) throw new ExpansionError('xml-entity-loop', `entity &${name}; refers to itself (${[...chain, name].join(' → ')})`, 'remove the circular reference');
      if (depth >= ENTITY_LIMITS.maxDepth) {
        throw new ExpansionError('xml-entity-limit', `entities nested more than ${ENTITY_LIMITS.maxDepth} deep at &${name};`, 'flatten the entity declarations');
      }
      if (++expansions > ENTITY_LIMITS.maxExpansions) {
        throw new ExpansionError('xml-entity-limit', `more than ${ENTITY_LIMITS.maxExpansions} entity expansions: refused (an entity-expansion bomb?)`, 'replace the entities by their text');
      }
      // Newlines become spaces so that every line after this point keeps its number.
      const out = expand(decl.value ?? '', depth + 1, [...chain, name]).replace(/\r?\n/g, ' ');
      added += out.length - ref.length;
      if (added > ENTITY_LIMITS.maxAddedChars) {
        throw new ExpansionError('xml-entity-limit', `entity expansion would add more than ${ENTITY_LIMITS.maxAddedChars} characters: refused (an entity-expansion bomb?)`, 'replace the entities by their text');
      }
      return out;
    });

  const blank = text.slice(dt.start, dt.end).replace(/[^\n]/g, ' ');
  const before = text.slice(0, dt.start) + blank;
  const body = text.slice(dt.end);
  // Expand outside comments, CDATA sections and processing instructions only.
  const parts: string[] = [];
  const skipRe = /<!--[\s\S]*?-->|<!\[CDATA\[[\s\S]*?\]\]>|<\?[\s\S]*?\?>/g;
  let last = 0;
  try {
    for (let m = skipRe.exec(body); ; m = skipRe.exec(body)) {
      const end = m ? m.index : body.length;
      parts.push(expand(body.slice(last, end), 0, [], dt.end + last));
      if (!m) break;
      parts.push(m[0]);
      last = m.index + m[0].length;
    }
  } catch (e) {
    if (e instanceof ExpansionError) {
      diagnostics.push({ file, ...positionAt(lineStarts(text), at), severity: 'error', source: 'xml', ruleId: e.ruleId, message: e.message, hint: e.hint });
      return { diagnostics };
    }
    throw e;
  }
  return { text: before + parts.join(''), diagnostics };
}

/**
 * How schema findings are worded: what a person reading the report needs to
 * act on, in the terms of their document (the element's name as written, its
 * parent, the attribute's namespace) rather than the validator's. Plain
 * functions of what was found, so that any RELAX NG engine (libxml2's
 * summariser in relaxng.ts, or another) words the same problem the same way.
 */
import path from 'node:path';

export const TEI_NS = 'http://www.tei-c.org/ns/1.0';
const XML_NS = 'http://www.w3.org/XML/1998/namespace';
const XSI_NS = 'http://www.w3.org/2001/XMLSchema-instance';
const GUIDELINES = 'https://tei-c.org/release/doc/tei-p5-doc/en/html/ref-';

/** What the wording needs to know of the grammar in use. */
export interface SchemaFacts {
  /** The project's own grammar (schemas/tei-edition.rng), a subset of TEI. */
  project: boolean;
  /** Whether the grammar declares an element (an attribute) of that local name anywhere. */
  declaresElement(local: string): boolean;
  declaresAttribute(local: string): boolean;
}

/** An element as found in the document. */
export interface ElementFacts {
  /** As written, with its prefix if any. */
  name: string;
  local: string;
  ns: string;
}

export interface Wording {
  message: string;
  hint?: string;
}

/** The TEI Guidelines' page for a TEI element; undefined for any other namespace (the Guidelines have no page for it). */
export function guidelinesUrl(el: Pick<ElementFacts, 'local' | 'ns'>): string | undefined {
  return el.ns === TEI_NS ? `${GUIDELINES}${el.local}.html` : undefined;
}

/** The Guidelines' page by local name alone, when the namespace is not known (assumed TEI). */
export function guidelinesUrlOf(local: string): string {
  return `${GUIDELINES}${local.replace(/^.*:/, '')}.html`;
}

function foreignNote(el: ElementFacts): string {
  return el.ns ? `(namespace ${el.ns})` : '(in no namespace)';
}

/**
 * `<child>` is not allowed where it is. `expected` is what the grammar allows
 * there, when the engine knows it (ours does, libxml2 does not): said for a
 * TEI element the schema has, not when the fix is another schema.
 */
export function elementNotAllowed(child: ElementFacts, parent: ElementFacts | undefined, schema: SchemaFacts, expected?: string): Wording {
  const where = parent ? `inside <${parent.name}>` : 'at the root';
  if (child.ns !== TEI_NS) {
    return {
      message: `<${child.name}> ${foreignNote(child)} is not allowed here, ${where}: it is not a TEI element`,
      hint: 'the TEI Guidelines do not define it: allow that namespace in your schema (an ODD customisation, then --schema or "schema" in edition.config.json), or remove the element',
    };
  }
  const url = guidelinesUrl(child)!;
  if (schema.project && !schema.declaresElement(child.local)) {
    return {
      message: `<${child.name}> is not allowed here, ${where}`,
      hint:
        `the project's schema (schemas/tei-edition.rng) is a subset of TEI and has no <${child.local}> at all: ` +
        `to check against all of TEI, use --schema tei_all.rng (or "schema" in edition.config.json; see the README, "Your own schema"); ` +
        `where TEI allows <${child.local}>: ${url}`,
    };
  }
  return { message: `<${child.name}> is not allowed here, ${where}${expected ? `: ${expected}` : ''}`, hint: `see where <${child.local}> may occur: ${url}` };
}

/**
 * An attribute the schema refuses, worded by what is wrong with it: a foreign
 * namespace, an empty value, a misspelt name, or its value. `expected` (the
 * attributes allowed, when the engine knows them) is said for a misspelt name.
 */
export function attributeRefused(attr: { name: string; local: string; ns: string; value?: string }, owner: ElementFacts, schema: SchemaFacts, expected?: string): Wording & { ruleId: string } {
  const url = guidelinesUrl(owner);
  const see = url ? `: ${url}` : '';
  if (attr.ns && attr.ns !== XML_NS && attr.ns !== TEI_NS) {
    if (attr.ns === XSI_NS) {
      return {
        ruleId: 'rng-attribute-not-allowed',
        message: `@${attr.name} is not allowed on <${owner.name}>: it belongs to W3C XML Schema (namespace ${XSI_NS}), not to TEI`,
        hint: 'remove it: a TEI document names its RELAX NG schema with <?xml-model href="…" schematypens="http://relaxng.org/ns/structure/1.0"?>',
      };
    }
    return {
      ruleId: 'rng-attribute-not-allowed',
      message: `@${attr.name} is not allowed on <${owner.name}>: it is in the namespace ${attr.ns}, foreign to TEI`,
      hint: 'allow attributes of that namespace in your schema (an ODD customisation), or remove it',
    };
  }
  if (attr.value !== undefined && attr.value.trim() === '') {
    return {
      ruleId: 'rng-value-invalid',
      message: `@${attr.name} on <${owner.name}> is empty`,
      hint: `give it a value, or remove the attribute${url ? ` (the attributes of <${owner.local}>: ${url})` : ''}`,
    };
  }
  if (attr.value !== undefined && schema.declaresAttribute(attr.local)) {
    return {
      ruleId: 'rng-attribute-invalid',
      message: `@${attr.name}="${attr.value}" on <${owner.name}> is not accepted: the value has the wrong form, or <${owner.name}> takes no @${attr.local}`,
      hint: `see the attributes of <${owner.local}> and their values${see}`,
    };
  }
  return { ruleId: 'rng-attribute-not-allowed', message: `attribute @${attr.name} is not allowed on <${owner.name}>${expected ? `: ${expected}` : ''}`, hint: `check the spelling, or see the attributes of <${owner.local}>${see}` };
}

/** The project's own grammar: findings against it may say that it is a subset of TEI. */
const PROJECT_SCHEMA = path.resolve(__dirname, '..', '..', 'schemas', 'tei-edition.rng');

/** What the wording needs of a grammar, read from its text once per grammar (only when a document is invalid). */
const factsCache = new Map<string, SchemaFacts>();

/** The facts of a grammar from its text: the names it declares (a name class by choice or wildcard is not counted: the wording then errs towards "check the spelling"). */
export function schemaFacts(schemaPath: string, schema: string): SchemaFacts {
  const key = `${schemaPath}\u0000${schema.length}`;
  let facts = factsCache.get(key);
  if (!facts) {
    const names = (kind: string): Set<string> => {
      const out = new Set<string>();
      for (const m of schema.matchAll(new RegExp(`<(?:\\w+:)?${kind}\\b[^>]*?\\sname\\s*=\\s*["']([^"']+)["']`, 'g'))) out.add(m[1].replace(/^.*:/, ''));
      return out;
    };
    const elements = names('element');
    const attributes = names('attribute');
    facts = {
      project: path.resolve(schemaPath) === PROJECT_SCHEMA,
      declaresElement: (local) => elements.has(local),
      declaresAttribute: (local) => attributes.has(local),
    };
    if (factsCache.size >= 4) factsCache.clear();
    factsCache.set(key, facts);
  }
  return facts;
}

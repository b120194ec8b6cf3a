/**
 * Where a Schematron finding is in the document's tree. SaxonJS reports a
 * node as its path() (/Q{ns}TEI[1]/Q{ns}text[1]/…); the steps are walked in
 * the xmldom tree every other layer reports from. Kept apart from the runner,
 * which loads SaxonJS: the validating thread locates the Schematron thread's
 * findings without loading it.
 */
import { positionOf } from '../../diagnostic';
import type { Diagnostic } from '../../diagnostic';
import type { LoadedDocument } from '../../parse/load';

/** A finding whose place is still a path() (/Q{ns}TEI[1]/…) and attribute name, not yet a line and column. */
export interface UnlocatedFinding {
  diagnostic: Diagnostic;
  path?: string;
  attribute?: string;
}

/** Give each finding the line and column of its node in the document's tree. */
export function locateFindings(found: readonly UnlocatedFinding[], document: LoadedDocument): Diagnostic[] {
  let locate: Locator | undefined;
  return found.map((f) => {
    if (f.path === undefined) return f.diagnostic;
    locate ??= new Locator(document);
    return { ...f.diagnostic, ...locate.position(f.path, f.attribute ?? '') };
  });
}

/** Finds the xmldom node behind an XPath path() such as /Q{ns}TEI[1]/Q{ns}text[1]. */
class Locator {
  private readonly cache = new Map<string, Element | undefined>();

  constructor(private readonly document: LoadedDocument) {}

  position(elementPath: string, attribute: string): { line: number; column: number } {
    const el = this.element(elementPath) ?? this.document.root;
    if (attribute) {
      const space = attribute.indexOf(' ');
      const ns = attribute.slice(0, space);
      const local = attribute.slice(space + 1);
      const a = ns ? el.getAttributeNodeNS(ns, local) : el.getAttributeNode(local);
      const p = positionOf(a);
      if (p.line > 0) return p;
    }
    return positionOf(el);
  }

  private element(p: string): Element | undefined {
    if (this.cache.has(p)) return this.cache.get(p);
    // Split at the slashes between steps, not those inside Q{namespace URIs}.
    const steps = [...p.matchAll(/\/(Q\{[^}]*\}[^/[]+\[\d+\])/g)].map((m) => m[1]);
    let result: Element | undefined;
    if (steps.length === 1) {
      const want = parseStep(steps[0]);
      const root = this.document.root;
      result = want && want.index === 1 && root.localName === want.local && (root.namespaceURI ?? '') === want.ns ? root : undefined;
    } else if (steps.length > 1) {
      const last = steps[steps.length - 1];
      const parent = this.element(p.slice(0, p.length - last.length - 1));
      result = parent ? step(parent, last) : undefined;
    }
    this.cache.set(p, result);
    return result;
  }
}

function parseStep(s: string): { ns: string; local: string; index: number } | undefined {
  const m = /^Q\{([^}]*)\}([^[]+)\[(\d+)\]$/.exec(s);
  return m ? { ns: m[1], local: m[2], index: Number(m[3]) } : undefined;
}

function step(parent: Element, s: string): Element | undefined {
  const want = parseStep(s);
  if (!want) return undefined;
  let k = 0;
  for (let c = parent.firstChild; c; c = c.nextSibling) {
    if (c.nodeType !== 1) continue;
    const e = c as Element;
    if (e.localName === want.local && (e.namespaceURI ?? '') === want.ns && ++k === want.index) return e;
  }
  return undefined;
}

/**
 * Private URI schemes (TEI <prefixDef>): `reg:p2` with
 * matchPattern="([a-z0-9]+)" and replacementPattern="../registers/persons.xml#$1"
 * means `../registers/persons.xml#p2`. The match pattern must match the
 * whole part after the colon (TEI: the pattern is anchored).
 */
const TEI_NS = 'http://www.tei-c.org/ns/1.0';

export interface PrefixDef {
  ident: string;
  match: RegExp;
  replacement: string;
  /** The file that declares it: a relative replacement is resolved against its folder. */
  file: string;
}

/** The prefixDefs of a document's (or register's) header. A matchPattern that is not a regular expression is skipped. */
export function readPrefixDefs(root: Element, file: string): PrefixDef[] {
  const out: PrefixDef[] = [];
  const header = firstChild(root, 'teiHeader');
  if (!header) return out;
  for (const el of Array.from(header.getElementsByTagNameNS(TEI_NS, 'prefixDef'))) {
    const ident = el.getAttribute('ident')?.trim();
    const pattern = el.getAttribute('matchPattern');
    const replacement = el.getAttribute('replacementPattern');
    if (!ident || pattern === null || replacement === null) continue;
    try {
      out.push({ ident, match: new RegExp(`^(?:${pattern})$`), replacement, file });
    } catch {
      // Not a pattern JavaScript understands: the pointer stays unexpanded (it is then left alone, like any URI).
    }
  }
  return out;
}

/** `reg:p2` → the replacement and the file whose folder it is relative to; undefined when no prefixDef applies. */
export function expandPrefix(token: string, defs: readonly PrefixDef[]): { uri: string; base: string } | undefined {
  const colon = token.indexOf(':');
  if (colon <= 0) return undefined;
  const ident = token.slice(0, colon);
  const rest = token.slice(colon + 1);
  for (const d of defs) {
    if (d.ident !== ident) continue;
    const m = d.match.exec(rest);
    if (!m) continue;
    const uri = d.replacement.replace(/\$(\d)/g, (_, n: string) => m[Number(n)] ?? '');
    return { uri, base: d.file };
  }
  return undefined;
}

function firstChild(el: Element, name: string): Element | undefined {
  for (let n = el.firstChild; n; n = n.nextSibling) {
    if (n.nodeType === 1 && (n as Element).localName === name && (n as Element).namespaceURI === TEI_NS) return n as Element;
  }
  return undefined;
}

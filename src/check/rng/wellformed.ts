/**
 * A quick, tree-less test that a prepared text (entities expanded, DOCTYPE
 * blanked, characters checked: see parse/load.ts) is well-formed, namespaced
 * XML with a TEI root. It only ever says yes when the parser would agree; on
 * anything unusual it says no, and the caller builds the tree with the
 * parser, which then words the error. It lets `edition validate --layers
 * xml,relaxng` skip the DOM (a 3 MB document's tree costs ~1 s).
 */
const NAME = /^[A-Za-z_\u00C0-\uFFFF][\w.\-\u00B7-\uFFFF]*(:[A-Za-z_\u00C0-\uFFFF][\w.\-\u00B7-\uFFFF]*)?$/;
const TEI_NS = 'http://www.tei-c.org/ns/1.0';
const REF = /&(?:#x[0-9a-fA-F]+|#[0-9]+|lt|gt|amp|quot|apos);/y;

/** Every & in s starts a predefined or character reference (character references to allowed characters). */
function refsOk(s: string, from: number, to: number, inText = false): boolean {
  for (let i = from; i < to; i++) {
    // A loop, not indexOf: indexOf would run on past `to` to the next & of the document.
    const c = s.charCodeAt(i);
    // ']]>' may not appear in character data.
    if (inText && c === 0x5d && s.charCodeAt(i + 1) === 0x5d && s.charCodeAt(i + 2) === 0x3e) return false;
    if (c !== 0x26) continue;
    REF.lastIndex = i;
    const m = REF.exec(s);
    if (!m || i + m[0].length > to) return false;
    if (m[0][1] === '#') {
      const cp = m[0][2] === 'x' ? parseInt(m[0].slice(3, -1), 16) : parseInt(m[0].slice(2, -1), 10);
      if (!(cp === 9 || cp === 10 || cp === 13 || (cp >= 0x20 && cp <= 0xd7ff) || (cp >= 0xe000 && cp <= 0xfffd) || (cp >= 0x10000 && cp <= 0x10ffff))) return false;
    }
  }
  return true;
}

const space = (c: number): boolean => c === 32 || c === 10 || c === 9 || c === 13;
const stop = (c: number): boolean => space(c) || c === 0x2f || c === 0x3e;

export function quickWellFormed(text: string): boolean {
  const stack: string[] = [];
  const scopes: (Map<string, string> | undefined)[] = [];
  const bound = (prefix: string): string | undefined => {
    for (let i = scopes.length - 1; i >= 0; i--) {
      const v = scopes[i]?.get(prefix);
      if (v !== undefined) return v;
    }
    return undefined;
  };
  let rootSeen = false;
  let pos = 0;
  const n = text.length;
  while (pos < n) {
    const lt = text.indexOf('<', pos);
    const stopAt = lt < 0 ? n : lt;
    // Text: references, no ']]>', and nothing but white space outside the root.
    if (stopAt > pos) {
      if (!refsOk(text, pos, stopAt, true)) return false;
      if (stack.length === 0) for (let i = pos; i < stopAt; i++) if (!space(text.charCodeAt(i))) return false;
    }
    if (lt < 0) break;
    const c = text.charCodeAt(lt + 1);
    let end: number;
    if (c === 0x21) {
      if (text.startsWith('<!--', lt)) {
        const close = text.indexOf('--', lt + 4);
        if (close < 0 || text.charCodeAt(close + 2) !== 0x3e) return false;
        end = close + 3;
      } else if (text.startsWith('<![CDATA[', lt)) {
        if (stack.length === 0) return false;
        const close = text.indexOf(']]>', lt + 9);
        if (close < 0) return false;
        end = close + 3;
      } else if (text.startsWith('<!DOCTYPE', lt) && !rootSeen) {
        // Blanked by the parse stage to its bare name; anything left is for the parser to judge.
        const close = text.indexOf('>', lt);
        if (close < 0 || /[[\]]/.test(text.slice(lt, close))) return false;
        end = close + 1;
      } else return false;
    } else if (c === 0x3f) {
      const close = text.indexOf('?>', lt + 2);
      if (close < 0) return false;
      if (!/^<\?[A-Za-z_][\w.:-]*(\s|\?>)/.test(text.slice(lt, close + 2))) return false;
      end = close + 2;
    } else if (c === 0x2f) {
      const close = text.indexOf('>', lt);
      if (close < 0) return false;
      const name = text.slice(lt + 2, close).trimEnd();
      if (stack.pop() !== name) return false;
      scopes.pop();
      end = close + 1;
    } else {
      const r = startTag(text, lt, stack.length === 0, bound);
      if (!r) return false;
      if (stack.length === 0) {
        if (rootSeen) return false;
        rootSeen = true;
      }
      end = r.end;
      if (!r.empty) {
        stack.push(r.name);
        scopes.push(r.bindings);
      }
    }
    pos = end;
  }
  return rootSeen && stack.length === 0;
}

/** One start tag: syntax, unique attributes, bound prefixes; the root must be TEI's. */
function startTag(text: string, lt: number, isRoot: boolean, outer: (prefix: string) => string | undefined): { end: number; name: string; empty: boolean; bindings?: Map<string, string> } | undefined {
  let i = lt + 1;
  const n = text.length;
  while (i < n && !stop(text.charCodeAt(i))) i++;
  const name = text.slice(lt + 1, i);
  if (!NAME.test(name)) return undefined;
  const attrs: string[] = [];
  let bindings: Map<string, string> | undefined;
  for (;;) {
    const ws = i;
    while (i < n && space(text.charCodeAt(i))) i++;
    if (i >= n) return undefined;
    if (text[i] === '>' || (text[i] === '/' && text[i + 1] === '>')) break;
    if (i === ws) return undefined;
    const s = i;
    while (i < n && !stop(text.charCodeAt(i)) && text.charCodeAt(i) !== 0x3d) i++;
    const an = text.slice(s, i);
    if (!NAME.test(an)) return undefined;
    while (space(text.charCodeAt(i))) i++;
    if (text[i] !== '=') return undefined;
    i++;
    while (space(text.charCodeAt(i))) i++;
    const q = text[i];
    if (q !== '"' && q !== "'") return undefined;
    const ve = text.indexOf(q, i + 1);
    if (ve < 0) return undefined;
    const value = text.slice(i + 1, ve);
    if (value.includes('<') || !refsOk(text, i + 1, ve)) return undefined;
    if (attrs.includes(an)) return undefined;
    attrs.push(an);
    if (an === 'xmlns' || an.startsWith('xmlns:')) {
      // Unusual values (references, empty prefixed bindings) go to the parser.
      if (value.includes('&') || (an !== 'xmlns' && value === '')) return undefined;
      (bindings ??= new Map()).set(an === 'xmlns' ? '' : an.slice(6), value);
    }
    i = ve + 1;
  }
  const empty = text[i] === '/';
  const end = empty ? i + 2 : i + 1;
  const lookup = (p: string): string | undefined => bindings?.get(p) ?? outer(p);
  const prefixOf = (q: string): string | undefined => (q.includes(':') ? q.slice(0, q.indexOf(':')) : undefined);
  const ep = prefixOf(name);
  if (ep !== undefined && ep !== 'xml' && lookup(ep) === undefined) return undefined;
  for (const a of attrs) {
    const p = prefixOf(a);
    if (p !== undefined && p !== 'xml' && p !== 'xmlns' && lookup(p) === undefined) return undefined;
  }
  // Two attributes may not have the same expanded name either (a:x and b:x bound to one namespace).
  const expanded = attrs.filter((a) => a.includes(':') && !a.startsWith('xmlns:')).map((a) => `${lookup(prefixOf(a)!) ?? 'xml'} ${a.slice(a.indexOf(':') + 1)}`);
  if (new Set(expanded).size !== expanded.length) return undefined;
  if (isRoot) {
    const local = ep === undefined ? name : name.slice(ep.length + 1);
    if ((local !== 'TEI' && local !== 'teiCorpus') || lookup(ep ?? '') !== TEI_NS) return undefined;
  }
  return { end, name, empty, bindings };
}

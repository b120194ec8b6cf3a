/**
 * A document as a stream of validation events, read straight from its text
 * (no DOM): start tags with their attributes, character data, end tags, each
 * with its offset. Namespaces are resolved here; entity references decoded
 * (the five predefined, character references, and the internal subset's
 * general entities with plain text values). The text is assumed well-formed:
 * the parse stage reports otherwise, and the stream stops at anything cut
 * short.
 */
import { declarationEnd, tagEnd } from '../../parse/scan';

export const XML_NS = 'http://www.w3.org/XML/1998/namespace';

export interface Attr {
  /** As written (prefix:local). */
  qname: string;
  ns: string;
  local: string;
  value: string;
  /** Offset of the attribute's name. */
  offset: number;
  /** Offsets of the value between the quotes. */
  valueStart: number;
  valueEnd: number;
}

export interface EventHandler {
  startElement(qname: string, ns: string, local: string, attrs: Attr[], offset: number, end: number, empty: boolean, lookup: (prefix: string) => string | undefined): boolean | void;
  text(s: string, offset: number): void;
  endElement(offset: number): boolean | void;
}

const PREDEFINED: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

/** White space, '/', '>' or '=': where a name in a tag ends. */
function nameEnd(c: number): boolean {
  return c === 32 || c === 10 || c === 9 || c === 13 || c === 0x2f || c === 0x3e || c === 0x3d;
}

/** Entity values declared in the internal subset (text only, not external). */
function internalEntities(decl: string): Record<string, string> {
  const out: Record<string, string> = {};
  const re = /<!ENTITY\s+([^\s%]+)\s+(?:"([^"]*)"|'([^']*)')\s*>/g;
  for (let m = re.exec(decl); m; m = re.exec(decl)) out[m[1]] ??= m[2] ?? m[3];
  return out;
}

export function decode(s: string, entities: Record<string, string>, depth = 0): string {
  if (s.indexOf('&') < 0) return s;
  return s.replace(/&(#x[0-9a-fA-F]+|#[0-9]+|[^\s;&]+);/g, (all, ref: string) => {
    if (ref[0] === '#') return String.fromCodePoint(ref[1] === 'x' ? parseInt(ref.slice(2), 16) : parseInt(ref.slice(1), 10));
    const v = PREDEFINED[ref] ?? entities[ref];
    if (v === undefined) return all;
    return depth < 8 ? decode(v, entities, depth + 1) : v;
  });
}

/** Attribute-value normalisation (XML §3.3.3, CDATA): white space characters become spaces. */
function normaliseAttr(raw: string, entities: Record<string, string>): string {
  const spaced = raw.indexOf('\n') >= 0 || raw.indexOf('\t') >= 0 || raw.indexOf('\r') >= 0 ? raw.replace(/[\t\n\r]/g, ' ') : raw;
  return decode(spaced, entities);
}

interface Frame {
  /** prefix → uri bound at this element, or undefined when it binds none. */
  bindings?: Map<string, string>;
}

/**
 * Read `text` from `from`, calling the handler. A handler returning false
 * stops the stream. Returns the offset where it stopped.
 */
export function streamEvents(text: string, handler: EventHandler, stopAt = Infinity): number {
  let entities: Record<string, string> = {};
  const frames: Frame[] = [];
  const scopes: Map<string, string>[] = [];
  const lookup = (prefix: string): string | undefined => {
    if (prefix === 'xml') return XML_NS;
    for (let i = scopes.length - 1; i >= 0; i--) {
      const v = scopes[i].get(prefix);
      if (v !== undefined) return v;
    }
    return prefix === '' ? '' : undefined;
  };
  let pos = 0;
  let textStart = 0;
  let pending = '';
  let pendingAt = -1;
  const flush = (): void => {
    if (pendingAt >= 0) {
      handler.text(pending, pendingAt);
      pending = '';
      pendingAt = -1;
    }
  };
  const addText = (s: string, at: number): void => {
    if (s === '') return;
    if (pendingAt < 0) pendingAt = at;
    pending += s;
  };
  const n = text.length;
  while (pos < n) {
    const lt = text.indexOf('<', pos);
    const stop = lt < 0 ? n : lt;
    if (stop > textStart && frames.length > 0) addText(decode(text.slice(textStart, stop), entities), textStart);
    if (lt < 0 || lt >= stopAt) return Math.min(lt < 0 ? n : lt, stopAt);
    const c = text.charCodeAt(lt + 1);
    let end: number;
    if (c === 0x21 /* ! */) {
      if (text.startsWith('<!--', lt)) {
        end = text.indexOf('-->', lt + 4);
        if (end < 0) return lt;
        end += 3;
      } else if (text.startsWith('<![CDATA[', lt)) {
        end = text.indexOf(']]>', lt + 9);
        if (end < 0) return lt;
        if (frames.length > 0) addText(text.slice(lt + 9, end), lt);
        end += 3;
      } else {
        end = declarationEnd(text, lt);
        if (end < 0) return lt;
        entities = internalEntities(text.slice(lt, end));
      }
    } else if (c === 0x3f /* ? */) {
      end = text.indexOf('?>', lt + 2);
      if (end < 0) return lt;
      end += 2;
    } else if (c === 0x2f /* / */) {
      end = tagEnd(text, lt);
      if (end < 0) return lt;
      flush();
      // The element's own namespace bindings still hold for its last text and its end.
      const more = handler.endElement(lt);
      const f = frames.pop();
      if (f?.bindings) scopes.pop();
      if (more === false) return end;
    } else {
      end = tagEnd(text, lt);
      if (end < 0) return lt;
      flush();
      const empty = text.charCodeAt(end - 2) === 0x2f;
      const stopHere = startTag(text, lt, empty ? end - 2 : end - 1, entities, frames, scopes, lookup, handler, end, empty);
      if (stopHere) return end;
      if (empty) {
        const more = handler.endElement(end);
        const f = frames.pop();
        if (f?.bindings) scopes.pop();
        if (more === false) return end;
      }
    }
    pos = end;
    textStart = end;
  }
  flush();
  return n;
}

/** Parse one start tag, push its frame, call the handler. Returns true to stop. */
function startTag(
  text: string,
  lt: number,
  close: number,
  entities: Record<string, string>,
  frames: Frame[],
  scopes: Map<string, string>[],
  lookup: (prefix: string) => string | undefined,
  handler: EventHandler,
  end: number,
  empty: boolean,
): boolean {
  let i = lt + 1;
  while (i < close && !nameEnd(text.charCodeAt(i))) i++;
  const qname = text.slice(lt + 1, i);
  const attrs: Attr[] = [];
  let bindings: Map<string, string> | undefined;
  while (i < close) {
    const ch = text.charCodeAt(i);
    if (ch === 32 || ch === 9 || ch === 10 || ch === 13) {
      i++;
      continue;
    }
    const nameStart = i;
    while (i < close && !nameEnd(text.charCodeAt(i))) i++;
    const name = text.slice(nameStart, i);
    while (i < close && text.charCodeAt(i) !== 0x3d) i++;
    i++;
    while (i < close && text.charCodeAt(i) !== 0x22 && text.charCodeAt(i) !== 0x27) i++;
    const q = text[i];
    const vs = i + 1;
    const ve = text.indexOf(q, vs);
    if (ve < 0 || name === '') break;
    i = ve + 1;
    const value = normaliseAttr(text.slice(vs, ve), entities);
    if (name === 'xmlns' || name.startsWith('xmlns:')) {
      bindings ??= new Map();
      bindings.set(name === 'xmlns' ? '' : name.slice(6), value);
      continue;
    }
    attrs.push({ qname: name, ns: '', local: name, value, offset: nameStart, valueStart: vs, valueEnd: ve });
  }
  frames.push({ bindings });
  if (bindings) scopes.push(bindings);
  for (const a of attrs) {
    const colon = a.qname.indexOf(':');
    if (colon > 0) {
      a.ns = lookup(a.qname.slice(0, colon)) ?? '';
      a.local = a.qname.slice(colon + 1);
    }
  }
  const colon = qname.indexOf(':');
  const ns = (colon > 0 ? lookup(qname.slice(0, colon)) : lookup('')) ?? '';
  const local = colon > 0 ? qname.slice(colon + 1) : qname;
  return handler.startElement(qname, ns, local, attrs, lt, end, empty, lookup) === false;
}

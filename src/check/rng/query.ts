/**
 * What may come at a place in a document: the elements and text that may
 * follow (between tags), the attributes an element may still take (inside a
 * start tag), and the values an attribute accepts (inside its quotes). The
 * document is validated up to that place, so the answer accounts for what
 * comes before it (a sequence's earlier members, attributes already given).
 * Errors before the place are recovered from as in validation. Meant for
 * editor completion.
 */
import { streamEvents, XML_NS } from './events';
import { Grammar, K, NOT_ALLOWED } from './patterns';
import { attributePatterns, expectedElements, firstValues, ncNames, valueLiterals, Validator } from './validator';

export interface Possibilities {
  /** Where the place is: between tags, in a start tag, in an attribute's value. */
  context: 'content' | 'start-tag' | 'attribute-value';
  /** The open element (the one whose content, or start tag, holds the place); undefined before the root. */
  element?: string;
  /** Elements that may start here (content), sorted. */
  elements: string[];
  /** Whether text may come here (content). */
  text: boolean;
  /** Whether the open element may end here (content). */
  end: boolean;
  /** Attributes the element may still take (start tag), sorted. */
  attributes: string[];
  /** The attribute whose value holds the place (attribute-value). */
  attribute?: string;
  /** The values the grammar lists for that attribute, or for the element's text (content), sorted. */
  values: string[];
}

const NAME_END = /[\s/>=]/;

/** What may come at `offset` of `text`. */
export function possibleAt(g: Grammar, text: string, offset: number): Possibilities {
  const v = new Validator(g, { maxFindings: 0 });
  const open: { qname: string; ns: string }[] = [];
  // Inside a tag? The last '<' before the place with no '>' after it.
  const lt = text.lastIndexOf('<', offset - 1);
  const gt = lt >= 0 ? text.indexOf('>', lt) : -1;
  const inTag = lt >= 0 && (gt < 0 || gt >= offset) && /^<[^!?/]/.test(text.slice(lt, lt + 2));
  const stopAt = inTag ? lt : offset;
  const tracker = {
    startElement: (...args: Parameters<Validator['startElement']>): void => {
      v.startElement(...args);
      open.push({ qname: args[0], ns: args[1] });
    },
    text: (s: string, at: number): void => v.text(s, at),
    endElement: (at: number): void => {
      open.pop();
      v.endElement(at);
    },
  };
  streamEvents(text, tracker, stopAt);
  const parent = open[open.length - 1];
  if (!inTag) {
    const p = v.cur;
    return {
      context: 'content',
      element: parent?.qname,
      elements: expectedElements(g, p, parent?.ns ?? '').sort(),
      text: g.text(p, 'x', () => undefined) !== NOT_ALLOWED,
      end: parent !== undefined && g.endTag(p) !== NOT_ALLOWED,
      attributes: [],
      values: [...new Set(valueLiterals(g, firstValues(g, p)))].sort(),
    };
  }
  return inStartTag(g, v, text, lt, offset, parent?.ns ?? '');
}

function inStartTag(g: Grammar, v: Validator, text: string, lt: number, offset: number, parentNs: string): Possibilities {
  let i = lt + 1;
  while (i < offset && !NAME_END.test(text[i])) i++;
  const qname = text.slice(lt + 1, i);
  // The attributes given before the place (and where a value is open).
  const given: { name: string; value: string }[] = [];
  let openValue: string | undefined;
  const re = /([^\s=/>]+)\s*=\s*(?:"([^"]*)"|'([^']*)'|(["'])([^"']*)$)/g;
  const head = text.slice(i, offset);
  for (let m = re.exec(head); m; m = re.exec(head)) {
    if (m[4] !== undefined) openValue = m[1];
    else given.push({ name: m[1], value: m[2] ?? m[3] });
  }
  const bindings = new Map<string, string>();
  for (const a of given) if (a.name === 'xmlns' || a.name.startsWith('xmlns:')) bindings.set(a.name === 'xmlns' ? '' : a.name.slice(6), a.value);
  const lookup = (prefix: string): string | undefined => {
    if (prefix === 'xml') return XML_NS;
    return bindings.get(prefix) ?? (prefix === '' ? parentNs : undefined);
  };
  const resolve = (q: string, isElement: boolean): { ns: string; local: string } => {
    const c = q.indexOf(':');
    if (c < 0) return { ns: isElement ? (lookup('') ?? '') : '', local: q };
    return { ns: lookup(q.slice(0, c)) ?? '', local: q.slice(c + 1) };
  };
  const el = resolve(qname, true);
  let p = g.startTagOpen(v.cur, g.nameId(el.ns, el.local));
  for (const a of given) {
    if (a.name === 'xmlns' || a.name.startsWith('xmlns:')) continue;
    const an = resolve(a.name, false);
    const d = g.attribute_(p, g.nameId(an.ns, an.local), a.value, lookup);
    if (d !== NOT_ALLOWED) p = d;
  }
  const atts = attributePatterns(g, p);
  const present = new Set(given.map((a) => a.name));
  const attributes = [...new Set(atts.flatMap((x) => ncNames(g, g.a[x], '')))].filter((n) => !n.startsWith('{') && !present.has(n)).sort();
  if (openValue === undefined) return { context: 'start-tag', element: qname, elements: [], text: false, end: false, attributes, values: [] };
  const an = resolve(openValue, false);
  const id = g.nameId(an.ns, an.local);
  const values = [...new Set(atts.filter((x) => g.kind[x] === K.Attribute && g.containsId(g.a[x], id)).flatMap((x) => valueLiterals(g, g.b[x])))].sort();
  return { context: 'attribute-value', element: qname, elements: [], text: false, end: false, attributes, attribute: openValue, values };
}

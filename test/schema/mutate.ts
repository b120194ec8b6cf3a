/**
 * Mutations of a TEI document for comparing validators: one or two edits
 * that keep the text well-formed (delete, duplicate, rename or move an
 * element, drop or add an attribute, put text where it may not be), chosen
 * by a seeded PRNG so that every run tests the same documents.
 */
import { elementEnd, scanMarkup } from '../../src/parse/scan';

/** mulberry32: small, fast and good enough for choosing edits. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Tag {
  start: number;
  end: number;
  empty: boolean;
  name: string;
}

function startTags(text: string): Tag[] {
  const out: Tag[] = [];
  scanMarkup(text, 0, (kind, start, end) => {
    if (kind === 'start' || kind === 'empty') out.push({ start, end, empty: kind === 'empty', name: /^<([^\s/>]+)/.exec(text.slice(start, end))![1] });
    return true;
  });
  return out;
}

const ATTRS = ['type="x"', 'foo="bar"', 'when="not-a-date"', 'rend="italic"', 'n="1"', 'xml:lang="de"', 'ref="#nobody"', 'cert="certain"', 'cert="maybe"', 'notBefore="1931"', 'unit="page"', 'place="margin"'];
const NAMES = ['p', 'div', 'note', 'hi', 'foo', 'persName', 'date', 'head', 'lb', 'pb', 'title', 'seg', 'list', 'item'];

export function mutate(text: string, rand: () => number): { text: string; what: string } {
  const pick = <T>(xs: T[]): T => xs[Math.floor(rand() * xs.length)];
  const tags = startTags(text).slice(1);
  const t = pick(tags);
  const end = t.empty ? t.end : elementEnd(text, t.start);
  const op = Math.floor(rand() * 9);
  switch (op) {
    case 0:
      return { text: text.slice(0, t.start) + text.slice(end), what: `delete <${t.name}> at ${t.start}` };
    case 1:
      return { text: text.slice(0, end) + text.slice(t.start, end) + text.slice(end), what: `duplicate <${t.name}> at ${t.start}` };
    case 2: {
      const name = pick(NAMES);
      const open = `<${name}` + text.slice(t.start + 1 + t.name.length, t.end);
      if (t.empty) return { text: text.slice(0, t.start) + open + text.slice(t.end), what: `rename <${t.name}> to <${name}> at ${t.start}` };
      const close = `</${name}>`;
      const closeStart = text.lastIndexOf('</', end - 1);
      return { text: text.slice(0, t.start) + open + text.slice(t.end, closeStart) + close + text.slice(end), what: `rename <${t.name}> to <${name}> at ${t.start}` };
    }
    case 3: {
      const tag = text.slice(t.start, t.end);
      const attrs = [...tag.matchAll(/\s([^\s=/>]+)="[^"]*"/g)].filter((m) => !m[1].startsWith('xmlns'));
      if (attrs.length === 0) return mutate(text, rand);
      const a = pick(attrs);
      const at = t.start + a.index!;
      return { text: text.slice(0, at) + text.slice(at + a[0].length), what: `drop @${a[1]} of <${t.name}> at ${t.start}` };
    }
    case 4: {
      const attr = pick(ATTRS);
      const name = attr.slice(0, attr.indexOf('='));
      if (new RegExp(`\\s${name}=`).test(text.slice(t.start, t.end))) return mutate(text, rand);
      const at = t.start + 1 + t.name.length;
      return { text: `${text.slice(0, at)} ${attr}${text.slice(at)}`, what: `add ${attr} to <${t.name}> at ${t.start}` };
    }
    case 5: {
      // Move the element to just before another one.
      const other = pick(tags);
      if (other.start >= t.start && other.start < end) return mutate(text, rand);
      const piece = text.slice(t.start, end);
      const without = text.slice(0, t.start) + text.slice(end);
      const at = other.start > t.start ? other.start - piece.length : other.start;
      return { text: without.slice(0, at) + piece + without.slice(at), what: `move <${t.name}> from ${t.start} to before <${other.name}>` };
    }
    case 6: {
      if (t.empty) return mutate(text, rand);
      return { text: text.slice(0, t.end) + 'stray words' + text.slice(t.end), what: `text at the start of <${t.name}> at ${t.start}` };
    }
    case 7: {
      // Another value for an attribute: a datatype or a value list may refuse it.
      const tag = text.slice(t.start, t.end);
      const attrs = [...tag.matchAll(/\s([^\s=/>]+)="([^"]*)"/g)].filter((m) => !m[1].startsWith('xmlns'));
      if (attrs.length === 0) return mutate(text, rand);
      const a = pick(attrs);
      const value = pick(['zzz', '', '1931-13-45', '#', 'two words', '12', 'true', 'en', 'x'.repeat(300), '-1', 'foo:bar']);
      const at = t.start + a.index! + a[0].indexOf('"') + 1;
      return { text: text.slice(0, at) + value + text.slice(at + a[2].length), what: `@${a[1]} of <${t.name}> = "${value.slice(0, 20)}" at ${t.start}` };
    }
    default: {
      const once = mutate(text, rand);
      const twice = mutate(once.text, rand);
      return { text: twice.text, what: `${once.what}; ${twice.what}` };
    }
  }
}

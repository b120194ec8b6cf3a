/**
 * Issue 3: pointer and identifier facts of the letter edition.
 * - no duplicate xml:id;
 * - every pointer resolves, to an element of the right kind;
 * - every @when/@from/@to/@notBefore/@notAfter is a real W3C (ISO 8601) date;
 * - no persName/placeName/orgName used as a reference lacks @ref;
 * - every paragraph of the body has an xml:id.
 */
import type { Element } from '@xmldom/xmldom';
import { allElements, local, loadEdition, teiElements, textElement, xmlId } from './helpers';

const doc = loadEdition();
const elements = allElements(doc);

const ids = new Map<string, Element>();
const duplicates: string[] = [];
for (const el of elements) {
  const id = xmlId(el);
  if (id === null) continue;
  if (ids.has(id)) duplicates.push(id);
  else ids.set(id, el);
}

const POINTER_ATTRS = ['ref', 'corresp', 'target', 'wit', 'source', 'who', 'resp', 'hand', 'ana', 'sameAs', 'next', 'prev'];
const AGENTS = ['editor', 'respStmt', 'person', 'org'];
const RS_KINDS: Record<string, string[]> = {
  person: ['person'],
  place: ['place'],
  org: ['org'],
  event: ['event'],
  bibl: ['bibl'],
};

/** Kinds of element a pointer may resolve to; undefined = any element. */
function allowedTargets(el: Element, attr: string): string[] | undefined {
  const name = local(el);
  switch (attr) {
    case 'wit':
      return ['witness'];
    case 'source':
      // <text source="#KSL">: the witness the base text follows (its siglum marks the transmitted forms in the apparatus).
      return name === 'text' || name === 'body' ? ['witness'] : ['bibl'];
    case 'resp':
    case 'who':
      return AGENTS;
    case 'hand':
      return ['handNote'];
    case 'next':
    case 'prev':
    case 'sameAs':
      return [name];
    case 'ref':
      if (name === 'persName' || name === 'author') return ['person'];
      if (name === 'placeName') return ['place'];
      if (name === 'orgName') return ['org'];
      if (name === 'title') return ['bibl'];
      if (name === 'name') return AGENTS;
      if (name === 'rs') {
        const kinds = RS_KINDS[el.getAttribute('type') ?? ''];
        if (!kinds) throw new Error(`<rs> with @ref needs a known @type, got "${el.getAttribute('type')}"`);
        return kinds;
      }
      return undefined;
    case 'corresp':
      if (name === 'bibl') return ['bibl'];
      return undefined;
    default:
      return undefined;
  }
}

/** External URIs are allowed only as @target of ref/ptr/licence; everything else points inside the file. */
const EXTERNAL_OK = new Set(['ref@target', 'ptr@target', 'licence@target']);

interface Pointer {
  el: Element;
  attr: string;
  value: string;
}

const pointers: Pointer[] = [];
for (const el of elements) {
  for (const attr of POINTER_ATTRS) {
    if (!el.hasAttribute(attr)) continue;
    for (const value of (el.getAttribute(attr) ?? '').split(/\s+/).filter(Boolean)) pointers.push({ el, attr, value });
  }
}

function where(el: Element): string {
  return `<${local(el)}${xmlId(el) ? ` xml:id="${xmlId(el)}"` : ''}> (line ${(el as unknown as { lineNumber?: number }).lineNumber ?? '?'})`;
}

describe('identifiers', () => {
  test('no duplicate xml:id', () => {
    expect(ids.size).toBeGreaterThan(0);
    expect(duplicates).toEqual([]);
  });

  test('every paragraph of the body has an xml:id, p1 … p20 in order', () => {
    const body = teiElements(textElement(doc), 'body')[0];
    const ps = teiElements(body, 'p');
    expect(ps.filter((p) => xmlId(p) === null).map(where)).toEqual([]);
    expect(ps.map((p) => xmlId(p))).toEqual(Array.from({ length: 20 }, (_, i) => `p${i + 1}`));
  });
});

describe('pointers', () => {
  test('there are pointers to check', () => {
    expect(pointers.length).toBeGreaterThan(100);
  });

  test('every pointer resolves to an element of the right kind', () => {
    const problems: string[] = [];
    for (const { el, attr, value } of pointers) {
      const key = `${local(el)}@${attr}`;
      if (/^[a-z][a-z0-9+.-]*:/i.test(value)) {
        if (!EXTERNAL_OK.has(key)) problems.push(`${where(el)} @${attr}="${value}": external URI not expected here`);
        else if (!/^https:\/\/[^\s]+$/.test(value)) problems.push(`${where(el)} @${attr}="${value}": not an https URI`);
        continue;
      }
      if (!value.startsWith('#')) {
        problems.push(`${where(el)} @${attr}="${value}": not a local #id pointer`);
        continue;
      }
      const target = ids.get(value.slice(1));
      if (!target) {
        problems.push(`${where(el)} @${attr}="${value}": no element has this xml:id`);
        continue;
      }
      const kinds = allowedTargets(el, attr);
      if (kinds && !kinds.includes(local(target))) {
        problems.push(`${where(el)} @${attr}="${value}" points to <${local(target)}>, expected ${kinds.join(' or ')}`);
      }
    }
    expect(problems).toEqual([]);
  });

  test('every persName/placeName/orgName that refers (i.e. is not the name of an entity entry) has @ref', () => {
    const entry = new Set(['person', 'place', 'org']);
    const missing = elements
      .filter((el) => ['persName', 'placeName', 'orgName'].includes(local(el)))
      .filter((el) => !entry.has(el.parentNode ? local(el.parentNode as Element) : ''))
      .filter((el) => !el.hasAttribute('ref'))
      .map(where);
    expect(missing).toEqual([]);
  });

  test('every editorial intervention (corr, reg) and every note names its editor with @resp', () => {
    const text = textElement(doc);
    const lacking = ['corr', 'reg', 'note']
      .flatMap((n) => teiElements(text, n))
      .filter((el) => el.getAttribute('resp') !== '#ed')
      .map(where);
    expect(lacking).toEqual([]);
  });
});

describe('dates', () => {
  const DATE_ATTRS = ['when', 'from', 'to', 'notBefore', 'notAfter'];

  function isRealW3CDate(v: string): boolean {
    const m = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$/.exec(v);
    if (!m) return false;
    const [y, mo, d] = [Number(m[1]), m[2] === undefined ? 1 : Number(m[2]), m[3] === undefined ? 1 : Number(m[3])];
    if (mo < 1 || mo > 12) return false;
    const t = new Date(Date.UTC(y, mo - 1, d));
    t.setUTCFullYear(y); // Date.UTC maps years 0–99 to 1900–1999
    return t.getUTCFullYear() === y && t.getUTCMonth() === mo - 1 && t.getUTCDate() === d;
  }

  test('the checker rejects impossible dates', () => {
    expect(isRealW3CDate('1931-04-23')).toBe(true);
    expect(isRealW3CDate('1928-10')).toBe(true);
    expect(isRealW3CDate('1932-02-29')).toBe(true);
    expect(isRealW3CDate('1931-02-29')).toBe(false);
    expect(isRealW3CDate('1931-13')).toBe(false);
    expect(isRealW3CDate('23 April 1931')).toBe(false);
  });

  test('every date attribute is a real W3C date, and @from is not after @to', () => {
    const problems: string[] = [];
    let seen = 0;
    for (const el of elements) {
      for (const attr of DATE_ATTRS) {
        if (!el.hasAttribute(attr)) continue;
        seen++;
        const v = el.getAttribute(attr) ?? '';
        if (!isRealW3CDate(v)) problems.push(`${where(el)} @${attr}="${v}"`);
      }
      const from = el.getAttribute('from');
      const to = el.getAttribute('to');
      if (from && to && from > to) problems.push(`${where(el)} @from="${from}" after @to="${to}"`);
    }
    expect(seen).toBeGreaterThan(30);
    expect(problems).toEqual([]);
  });
});

describe('entities the other stages rely on', () => {
  test('person, place, witness, bibl and editor ids exist', () => {
    const expected: Record<string, string> = {
      mett: 'person',
      rolland: 'person',
      brussels: 'place',
      KSL: 'witness',
      R: 'witness',
      'bibl-RP116': 'bibl',
      'bibl-reveil': 'bibl',
      'bibl-jean-christophe': 'bibl',
      'bibl-rolland-reply-riou': 'bibl',
      ed: 'editor',
    };
    for (const [id, kind] of Object.entries(expected)) expect(`${id}: ${ids.get(id)?.localName}`).toBe(`${id}: ${kind}`);
  });

  test('the 14 persons named in the letter plus the author are listed, each with birth and death dates', () => {
    const persons = teiElements(doc, 'person');
    expect(persons).toHaveLength(15);
    for (const p of persons) {
      for (const n of ['birth', 'death']) {
        const d = teiElements(p, n);
        expect(`${xmlId(p)} ${n}: ${d.length === 1 && d[0].hasAttribute('when')}`).toBe(`${xmlId(p)} ${n}: true`);
      }
    }
  });
});

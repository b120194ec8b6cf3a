import type { Rule } from './rule';
import type { DocumentIndex } from './document-index';
import { TEI_NS } from '../../parse/load';
import { isTei, lineOf, normalizedText, xmlId } from './tei';

const ENTITY: Record<string, { entity: string; list: string }> = {
  persName: { entity: 'person', list: 'listPerson' },
  placeName: { entity: 'place', list: 'listPlace' },
  orgName: { entity: 'org', list: 'listOrg' },
};

/** Names inside these are part of an entity's or a bibliography's description, not mentions in the text. */
const ENTITY_CONTEXT = ['person', 'personGrp', 'place', 'org', 'event', 'nym', 'listPerson', 'listPlace', 'listOrg', 'listEvent', 'listNym', 'listBibl', 'biblStruct'];

/** Attributes that identify the entity: @ref (preferred), @key (an authority key), @sameAs (another name that is identified). */
const IDENTIFYING = ['ref', 'key', 'sameAs'];

export const nameNoRef: Rule = {
  id: 'name-no-ref',
  severity: 'warning',
  description: 'a <persName>, <placeName> or <orgName> in the text is identified (@ref, @key or @sameAs) so it can be indexed and linked',
  check(ctx) {
    let entries: EntryNames | undefined;
    for (const name of Object.keys(ENTITY)) {
      const { entity, list } = ENTITY[name];
      for (const el of ctx.index.elements(name)) {
        if (IDENTIFYING.some((a) => el.hasAttribute(a))) continue;
        const { inText, inEntity, outer } = ancestry(el, name);
        if (!inText || inEntity) continue;
        // <persName ref="#x"><persName type="forename">…: the part is identified by the whole.
        if (outer && IDENTIFYING.some((a) => outer.hasAttribute(a))) continue;
        entries ??= new EntryNames(ctx.index);
        const text = normalizedText(el);
        const match = entries.find(entity, text);
        let hint: string;
        if (match) {
          hint = `add ref="#${match.id}" (the <${entity}> on line ${match.line} is named "${match.name}")`;
        } else {
          const lists = ctx.index.elements(list);
          hint = lists.length > 0
            ? `add ref="#…" pointing to its <${entity}> in the <${list}> on line ${lineOf(lists[0])} (add an entry there if there is none), or ref="https://…" to an authority file`
            : `add ref="#…" pointing to a <${entity}> in a <${list}> (in <standOff>, or in the header's <particDesc>/<settingDesc>), or ref="https://…" to an authority file`;
        }
        const shown = text.length > 40 ? `${text.slice(0, 37)}…` : text;
        ctx.report(el, `<${name}>${shown ? ` "${shown}"` : ''} does not say which ${entity} it names (no @ref)`, hint);
      }
    }
  },
};

const ENTITY_CONTEXT_SET = new Set(ENTITY_CONTEXT);

/**
 * What the rule asks of a name's ancestors, in one walk up (it was three):
 * whether it is inside <text>, inside an entity's or a bibliography's
 * description, and the nearest enclosing name of the same kind.
 */
function ancestry(el: Element, name: string): { inText: boolean; inEntity: boolean; outer?: Element } {
  let inText = false;
  let inEntity = false;
  let outer: Element | undefined;
  for (let p = el.parentNode; p && p.nodeType === 1; p = p.parentNode) {
    const a = p as Element;
    if (a.namespaceURI !== TEI_NS) continue;
    const n = a.localName;
    if (n === 'text') inText = true;
    if (ENTITY_CONTEXT_SET.has(n)) inEntity = true;
    if (n === name) outer ??= a;
  }
  return { inText, inEntity, outer };
}

/** Names of the entries of the entity lists, to suggest the @ref for a name that matches one. */
class EntryNames {
  private readonly byEntity = new Map<string, Array<{ id: string; name: string; key: string; line: number }>>();

  constructor(index: DocumentIndex) {
    for (const [name, { entity }] of Object.entries(ENTITY)) {
      const rows: Array<{ id: string; name: string; key: string; line: number }> = [];
      const entityNames = entity === 'person' ? ['person', 'personGrp'] : [entity];
      for (const en of entityNames) {
        for (const e of index.elements(en)) {
          const id = xmlId(e);
          if (!id) continue;
          for (let c = e.firstChild; c; c = c.nextSibling) {
            if (!isTei(c, name, 'name')) continue;
            const n = normalizedText(c as Element);
            if (n) rows.push({ id, name: n, key: n.toLowerCase(), line: lineOf(e) });
          }
        }
      }
      this.byEntity.set(entity, rows);
    }
  }

  /** The entry whose name is the text, or the only one whose name ends with it ("Lenin" → "Vladimir Lenin"). */
  find(entity: string, text: string): { id: string; name: string; line: number } | undefined {
    const rows = this.byEntity.get(entity) ?? [];
    const key = text.toLowerCase();
    if (!key) return undefined;
    const exact = rows.find((r) => r.key === key);
    if (exact) return exact;
    const ending = new Map<string, { id: string; name: string; line: number }>();
    for (const r of rows) if (r.key.endsWith(` ${key}`)) ending.set(r.id, r);
    return ending.size === 1 ? [...ending.values()][0] : undefined;
  }
}

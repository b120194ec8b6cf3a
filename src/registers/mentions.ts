/**
 * Where a document mentions its register entries, paragraph by paragraph:
 * the back-links of the register pages ("¶ 2" → the paragraph's anchor).
 */
import type { Block, Edition } from '../model/types';
import type { RegisterMention } from '../publish/manifest';

/** Occurrence anchor → the paragraph that holds it (its anchor and label). */
function paragraphsOfOccurrences(blocks: readonly Block[]): Map<string, { anchor?: string; label: string }> {
  const out = new Map<string, { anchor?: string; label: string }>();
  const visit = (node: unknown, where: { anchor?: string; label: string } | undefined): void => {
    if (Array.isArray(node)) {
      for (const x of node) visit(x, where);
      return;
    }
    if (typeof node !== 'object' || node === null) return;
    const o = node as Record<string, unknown>;
    let here = where;
    if (o.kind === 'paragraph') {
      const label = typeof o.number === 'number' ? `¶ ${o.number}` : o.role === 'dateline' ? 'dateline' : typeof o.role === 'string' ? o.role : '¶';
      here = { ...(typeof o.id === 'string' ? { anchor: o.id } : {}), label };
    }
    if (o.kind === 'entity' && typeof o.occurrence === 'string' && here && !out.has(o.occurrence)) out.set(o.occurrence, here);
    for (const [k, v] of Object.entries(o)) if (k !== 'src' && typeof v === 'object') visit(v, here);
  };
  visit(blocks, undefined);
  return out;
}

/** The register entries an edition mentions, each with its mentions merged by paragraph ("¶ 6 ×4"). */
export function registerMentions(edition: Edition): RegisterMention[] {
  const withRegister = edition.entities.filter((e) => e.register !== undefined && e.occurrences.length > 0);
  if (withRegister.length === 0) return [];
  const paras = paragraphsOfOccurrences(edition.blocks);
  return withRegister.map((e) => {
    const places: { anchor: string; label: string; count: number }[] = [];
    for (const occ of e.occurrences) {
      const p = paras.get(occ);
      const anchor = p?.anchor ?? occ;
      const label = p?.label ?? '¶';
      const same = places.find((x) => x.anchor === anchor);
      if (same) same.count++;
      else places.push({ anchor, label, count: 1 });
    }
    return { register: e.register!, id: e.id, doc: edition.id, title: edition.meta.title, occurrences: places.map((p) => p.anchor), labels: places.map((p) => (p.count > 1 ? `${p.label} ×${p.count}` : p.label)) };
  });
}

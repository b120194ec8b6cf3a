/**
 * Where a document mentions its register entries, paragraph by paragraph:
 * the back-links of the register pages ("¶ 2" → the paragraph's anchor).
 */
import type { Block, Edition } from '../model/types';
import { walk } from '../model/walk';
import type { RegisterMention } from '../publish/manifest';

/** Occurrence anchor → the paragraph that holds it (its anchor and label); every reading counts, shown or not. */
function paragraphsOfOccurrences(blocks: readonly Block[]): Map<string, { anchor?: string; label: string }> {
  const out = new Map<string, { anchor?: string; label: string }>();
  let here: { anchor?: string; label: string } | undefined;
  walk(blocks, {
    enter(node) {
      if (node.kind === 'paragraph') {
        const label = node.number !== undefined ? `¶ ${node.number}` : node.role === 'dateline' ? 'dateline' : node.role;
        here = { ...(node.id !== undefined ? { anchor: node.id } : {}), label };
      } else if (node.kind === 'entity' && here && !out.has(node.occurrence)) out.set(node.occurrence, here);
    },
    leave(node) {
      if (node.kind === 'paragraph') here = undefined;
    },
  }, { scope: 'all' });
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

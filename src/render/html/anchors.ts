import type { Edition } from '../../model/types';
import { walk, type ModelNode } from '../../model/walk';

/**
 * Kinds of anchor on the page. TEI ids (`doc`) keep their exact value, because
 * they are what readers cite (`#p3`); everything the renderer invents carries a
 * prefix, so that a note id never meets a paragraph id.
 */
export type IdSpace = 'doc' | 'page' | 'para' | 'note' | 'app' | 'appref' | 'pop' | 'ent';

const PREFIX: Record<IdSpace, string> = {
  doc: '',
  /** ids of page parts made per document (index group headings) */
  page: '',
  para: 'para-',
  note: 'note-',
  app: 'app-',
  appref: 'appref-',
  pop: 'pop-',
  ent: 'ent-',
};

/** Ids of the page's own sections; reserved first so a TEI id of the same name is the one that moves. */
export const PAGE_IDS = [
  'top', 'main', 'text', 'text-heading', 'contents', 'controls', 'witness-switch', 'witness-pages', 'legend', 'toggle-lb',
  'signs', 'signs-heading', 'apparatus', 'apparatus-heading', 'notes', 'notes-heading', 'index', 'index-heading', 'how-to-cite', 'cite-heading', 'popovers',
];

/**
 * Hands out unique HTML ids, deterministically. A model id maps to one HTML id
 * per space; an element is given it only the first time it is emitted, so
 * re-rendering a node (a duplicated xml:id, or a model quirk) can never yield a
 * duplicate id on the page.
 */
export class IdRegistry {
  private readonly taken = new Set<string>();
  private readonly assigned = new Map<string, string>();
  private readonly emittedKeys = new Set<string>();

  constructor(reserved: readonly string[] = PAGE_IDS) {
    for (const r of reserved) this.taken.add(r);
  }

  /** The HTML id for a model id, allocated on first use (for links that point forward). */
  ref(space: IdSpace, modelId: string): string {
    const key = space + '\u0000' + modelId;
    let id = this.assigned.get(key);
    if (id === undefined) {
      id = this.fresh(PREFIX[space] + modelId.replace(/\s+/g, '_'));
      this.assigned.set(key, id);
    }
    return id;
  }

  /** Whether a model id has an HTML id already (preallocated or referenced). */
  known(space: IdSpace, modelId: string): boolean {
    return this.assigned.has(space + '\u0000' + modelId);
  }

  /** The id to put on an element: the mapped id the first time, a fresh one after that. */
  emit(space: IdSpace, modelId: string): string {
    const key = space + '\u0000' + modelId;
    const id = this.ref(space, modelId);
    if (!this.emittedKeys.has(key)) {
      this.emittedKeys.add(key);
      return id;
    }
    return this.fresh(id);
  }

  /** The id of an element already on the page, or undefined: back-links must not point into the void. */
  emitted(space: IdSpace, modelId: string): string | undefined {
    const key = space + '\u0000' + modelId;
    return this.emittedKeys.has(key) ? this.assigned.get(key) : undefined;
  }

  private fresh(base: string): string {
    const b = base === '' ? 'id' : base;
    if (!this.taken.has(b)) {
      this.taken.add(b);
      return b;
    }
    for (let i = 2; ; i++) {
      const c = `${b}-${i}`;
      if (!this.taken.has(c)) {
        this.taken.add(c);
        return c;
      }
    }
  }
}

/**
 * Allocate every TEI id before any generated one, so that a generated id
 * (`para-3`) can never take the name a reader cites.
 */
export function preallocateDocumentIds(ids: IdRegistry, edition: Edition): void {
  // The notes' blocks before the text's: the order the first version allocated in, kept so that no page's ids move.
  const roots: ModelNode[] = [];
  for (const note of edition.notes) roots.push(...note.children);
  roots.push(...edition.blocks);
  walk(roots, (node) => {
    if (node.kind === 'text') return;
    if (node.id) ids.ref('doc', node.id);
    if (node.kind === 'entity') ids.ref('doc', node.occurrence);
  }, { scope: 'all' });
  for (const n of edition.notes) ids.ref('doc', n.anchor);
}

import type { ApparatusEntry, Edition, Entity, EntityKind, Note, Witness } from '../../model/types';
import { IdRegistry, preallocateDocumentIds } from './anchors';

/**
 * Everything the HTML writer needs while walking one model: lookups built once,
 * the id registry, and the small amount of state that a walk carries (are we
 * inside a link, where in the text are we).
 */
export interface RenderContext {
  edition: Edition;
  ids: IdRegistry;
  entities: Map<string, Entity>;
  notes: Map<string, Note>;
  entries: Map<string, ApparatusEntry>;
  witnesses: Map<string, Witness>;
  /** Witness ids in conspectus order: the values of data-wit. */
  witnessIds: string[];
  /**
   * False when a node is rendered a second time (apparatus list, popover): the
   * copy carries no ids, markers, note references or line breaks.
   */
  anchors: boolean;
  /** Depth of enclosing <a>: links and buttons cannot nest inside a link. */
  linkDepth: number;
  /** Markers and note calls met inside a link, written right after it closes. */
  deferred: string[];
  /** Human label of the current place ("¶ 3", "note 2"), for back-links from the index. */
  place?: string;
  /** occurrence HTML id → place label */
  occurrencePlaces: Map<string, string>;
  /** apparatus entry id → place label */
  entryPlaces: Map<string, string>;
  /** Heading state, so that heading levels never skip (h2 → h4). */
  lastHeading: number;
  sectionDepth: number;
  /** A combining mark to put after every letter (inside an unclear passage: the model's sign). */
  mark?: string;
  /** Inside a note body: no headings, no paragraph links. */
  inNote: boolean;
  /** Whether the text contains source line breaks (offers the toggle). */
  sawLineBreak: boolean;
  /** Entity kinds marked in the text, for the legend. */
  kindsSeen: Set<EntityKind>;
  /** How to cite a paragraph by its anchor and label ("¶ 3"): set by the page, absent for fragments. */
  citeParagraph?: (anchor: string, label: string) => string;
}

export function createContext(edition: Edition): RenderContext {
  const ids = new IdRegistry();
  preallocateDocumentIds(ids, edition);
  const byId = <T extends { id: string }>(xs: readonly T[]): Map<string, T> => {
    const m = new Map<string, T>();
    // First one wins, as with any duplicated id the checks would report.
    for (const x of xs) if (!m.has(x.id)) m.set(x.id, x);
    return m;
  };
  return {
    edition,
    ids,
    entities: byId(edition.entities),
    notes: byId(edition.notes),
    entries: byId(edition.apparatus),
    witnesses: byId(edition.witnesses),
    witnessIds: edition.witnesses.map((w) => w.id),
    anchors: true,
    linkDepth: 0,
    deferred: [],
    occurrencePlaces: new Map(),
    entryPlaces: new Map(),
    lastHeading: 2,
    sectionDepth: 0,
    inNote: false,
    sawLineBreak: false,
    kindsSeen: new Set(),
  };
}

/** A second rendering of model nodes (apparatus, popover): same lookups, no anchors. */
export function copyContext(ctx: RenderContext): RenderContext {
  return { ...ctx, anchors: false, linkDepth: 0, deferred: [] };
}

import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { Diagnostic } from '../diagnostic';
import type { Edition, Metadata } from '../model/types';
import type { CslItem } from '../cite/csl';

/**
 * The build manifest, `out/.edition-manifest.json`: what each input produced
 * and under which cache key, so that the next build can skip what has not
 * changed, remove what belongs to deleted inputs, and rebuild the corpus page
 * and citations without re-reading the documents it skips.
 *
 * An input's outputs are filed by output kind (a format, its variant, and
 * the witness for a witness build: `html`, `txt`, `txt:diplomatic`, `pdf:a5`,
 * `pdf@KSL`), each kind with its own cache key. A build touches only the kinds it is asked for: `--format pdf`
 * after a full build rebuilds the PDFs and leaves the HTML, text and their
 * entries as they are; a file is stale only when its input is gone, or when
 * the same kind is rebuilt and no longer writes it.
 *
 * Reproducible like the rest of out/: no timestamps, no absolute paths (inputs
 * are stored relative to the output folder, so a project folder can move or be
 * checked out elsewhere and keep its cache), keys in sorted order.
 */
export const MANIFEST_NAME = '.edition-manifest.json';
/** Taken by a build for its whole run: see lock.ts. */
export const LOCK_NAME = '.edition-lock';
/** Version 1 filed one key and one output list per input; such a manifest is read as empty (everything is rebuilt once). */
const MANIFEST_VERSION = 2;

/** What the corpus page and citations need of an edition whose build is skipped. */
export interface IndexSummary {
  id: string;
  lang: string;
  witness?: string;
  meta: Metadata;
  /**
   * A letter's formatted citation (plain text), made when it was built: cmif.xml cites every letter of
   * the corpus at each build, and formatting 1,000 citations again took 3 s of a no-change rebuild.
   */
  citation?: string;
}

/** A finding kept for replay when the document is skipped (warnings only: a document with errors is never cached). */
export type StoredDiagnostic = Omit<Diagnostic, 'file'>;

/**
 * What one kind of build of one input wrote. Flags that mark how it was built
 * (a draft, say) belong here: the next build compares its own and rebuilds
 * the kind when they differ.
 */
export interface KindRecord {
  /** The cache key: the input's content and everything else this kind's outputs depend on. */
  key: string;
  /** Output files, relative to the output folder, sorted. */
  outputs: string[];
  warnings: StoredDiagnostic[];
}

export interface ManifestEntry {
  /** The edition's identifier as last built. */
  id: string;
  /** Output kind (see outputKind) → what it wrote. */
  kinds: Record<string, KindRecord>;
  /** For the corpus page and citations: from the base edition's build when there is one, else a witness build's. */
  index: IndexSummary;
  csl: CslItem;
  /** Published with errors (edition build --draft): never a cache hit, left out of the corpus page and citations. */
  draft?: boolean;
  /** A teiCorpus built as one document per TEI: each member's id and summaries (`index` and `csl` above are the first's). */
  members?: CorpusMember[];
  /** The register entries the document mentions (edition.config.json "registers"). */
  mentions?: RegisterMention[];
}

/** Where an edition mentions a register entry: the register page's back-links. */
export interface RegisterMention {
  /** The register: relative to the output folder in the manifest, absolute in a BuiltDocument. */
  register: string;
  /** The entry's xml:id. */
  id: string;
  /** The edition that mentions it, and the anchors of the paragraphs that mention it in its page. */
  doc: string;
  title: string;
  occurrences: string[];
  /** One per anchor: "¶ 6", "¶ 6 ×4", "dateline". */
  labels: string[];
}

export interface CorpusMember {
  id: string;
  index: IndexSummary;
  csl: CslItem;
}

/**
 * The kind a format's outputs are filed under: the format, its variant (an
 * option that changes the file's content and so its name: see outputName) and
 * the witness: `html`, `txt:diplomatic`, `pdf:a5@KSL`. Each variant is its own
 * kind, so that a build of one rebuilds, and removes stale files of, that one
 * only. The defaults (reading text, A4) have no variant: their kinds are
 * named as in the first version-2 manifests, which therefore still read.
 */
export function outputKind(format: string, witness: string | undefined, variant?: string): string {
  const base = variant ? `${format}:${variant}` : format;
  return witness === undefined ? base : `${base}@${witness}`;
}

/** Every output of an entry, all kinds together. */
export function entryOutputs(e: ManifestEntry): string[] {
  return Object.values(e.kinds).flatMap((k) => k.outputs);
}

export interface Manifest {
  /** Input path relative to the output folder (forward slashes) → its entry. */
  documents: Map<string, ManifestEntry>;
  /** Files written for the corpus as a whole (index page, citations, their assets). */
  corpus: string[];
}

export function emptyManifest(): Manifest {
  return { documents: new Map(), corpus: [] };
}

/** The key an input is filed under: its path relative to the output folder. */
export function inputKey(outDir: string, file: string): string {
  return path.relative(path.resolve(outDir), path.resolve(file)).split(path.sep).join('/');
}

/** The input's path as seen from the working folder, for existence checks and messages. */
export function inputPath(outDir: string, key: string): string {
  return path.resolve(outDir, ...key.split('/'));
}

/**
 * Read the manifest; a missing, unreadable or foreign one is an empty cache
 * (everything is rebuilt), never an error: it is only an optimisation.
 */
export async function readManifest(outDir: string): Promise<{ manifest: Manifest; text?: string }> {
  let text: string;
  try {
    text = await fs.readFile(path.join(outDir, MANIFEST_NAME), 'utf8');
  } catch {
    return { manifest: emptyManifest() };
  }
  try {
    const raw = JSON.parse(text) as { manifestVersion?: unknown; documents?: unknown; corpus?: unknown };
    if (raw.manifestVersion !== MANIFEST_VERSION || typeof raw.documents !== 'object' || raw.documents === null) return { manifest: emptyManifest(), text };
    const documents = new Map<string, ManifestEntry>();
    for (const [k, v] of Object.entries(raw.documents as Record<string, unknown>)) {
      if (isEntry(v)) documents.set(k, v);
    }
    const corpus = Array.isArray(raw.corpus) ? raw.corpus.filter((p): p is string => typeof p === 'string') : [];
    return { manifest: { documents, corpus }, text };
  } catch {
    return { manifest: emptyManifest(), text };
  }
}

/** A hand-edited or truncated entry is dropped (its document is rebuilt), not trusted. */
function isEntry(v: unknown): v is ManifestEntry {
  if (typeof v !== 'object' || v === null) return false;
  const e = v as Partial<ManifestEntry>;
  return (
    typeof e.id === 'string' && typeof e.kinds === 'object' && e.kinds !== null && Object.values(e.kinds as Record<string, unknown>).every(isKind) &&
    typeof e.index === 'object' && e.index !== null && typeof e.index.meta === 'object' && typeof e.csl === 'object' &&
    (e.mentions === undefined || (Array.isArray(e.mentions) && e.mentions.every((m: Partial<RegisterMention>) => typeof m?.register === 'string' && typeof m.id === 'string' && typeof m.doc === 'string' && typeof m.title === 'string' && Array.isArray(m.occurrences) && Array.isArray(m.labels)))) &&
    (e.members === undefined || (Array.isArray(e.members) && e.members.every((m: Partial<CorpusMember>) => typeof m?.id === 'string' && typeof m.index?.meta === 'object' && typeof m.csl === 'object')))
  );
}

function isKind(v: unknown): v is KindRecord {
  if (typeof v !== 'object' || v === null) return false;
  const k = v as Partial<KindRecord>;
  return typeof k.key === 'string' && Array.isArray(k.outputs) && k.outputs.every((o) => typeof o === 'string') && Array.isArray(k.warnings);
}

export function serializeManifest(m: Manifest): string {
  const documents: Record<string, ManifestEntry> = {};
  for (const k of [...m.documents.keys()].sort(compare)) {
    const e = m.documents.get(k)!;
    const kinds: Record<string, KindRecord> = {};
    for (const kind of Object.keys(e.kinds).sort(compare)) kinds[kind] = e.kinds[kind];
    documents[k] = { ...e, kinds };
  }
  return JSON.stringify({ manifestVersion: MANIFEST_VERSION, generator: 'tei-edition', documents, corpus: [...m.corpus].sort(compare) }, null, 1) + '\n';
}

/**
 * The corpus page needs only an edition's id, language, witness and metadata;
 * this rebuilds that much of an Edition from the manifest, so that skipped
 * documents are listed without being read again. The text itself is empty:
 * this value must never reach a document renderer.
 */
export function editionForIndex(s: IndexSummary, file: string): Edition {
  return {
    id: s.id,
    file,
    lang: s.lang,
    options: { mode: 'reading', witness: s.witness },
    meta: s.meta,
    witnesses: [],
    entities: [],
    blocks: [],
    notes: [],
    apparatus: [],
  };
}

export function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

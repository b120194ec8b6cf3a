/**
 * One batch of documents through the pipeline, in the current thread:
 * load → validate (one RELAX NG run for the batch) → model → render. Used as
 * it is for in-process builds and inside each worker thread.
 *
 * RELAX NG (our engine, src/check/rng) checks the batch's texts when the
 * batch starts, before any tree; with EDITION_RELAXNG=libxml2 it runs in
 * libxml2's own thread while this one checks, models and renders. Either way
 * a document it rejects has its outputs thrown away, so what the user gets
 * is as if validation had come first. A batch holds its texts (all
 * given to libxml2 at its start) and one tree at a time: each is built when
 * its document's turn comes and dropped once the document is rendered.
 *
 * Nothing here writes: the coordinating thread decides (duplicate ids across
 * the corpus) and writes, in input order.
 */
import { findWitness, noReadingsMessage, recordsReadingsOf } from '../model/apparatus/witness-build';
import { hasErrors, type Diagnostic } from '../diagnostic';
import { startBatch, type LayerTimes, type ValidatedDocument } from '../check/validate';
import { applyRuleSeverities } from '../check/rules';
import { buildEdition } from '../model/read-tei';
import { corpusMembers } from '../model/tei-corpus';
import { registerMentions } from '../registers/mentions';
import type { CorpusMember, RegisterMention } from './manifest';
import { loadRegisters } from '../registers/load';
import type { Edition, ModelOptions } from '../model/types';
import type { LoadedDocument } from '../parse/load';
import { renderers, type Format } from '../render/index';
import { RenderError, type OutputFile, type RenderOptions } from '../render/types';
import { cslItem, type CslItem } from '../cite/csl';
import { citationText } from '../cite/format';
import { citations } from './citations';
import type { IndexSummary } from './manifest';
import { DEFAULT_PDF_MAX_MEMORY, DEFAULT_PDF_MAX_SECONDS, zeroTimes, type BuildSettings, type StageTimes } from './settings';

export interface BatchItem {
  /** Position among the run's inputs: the order outcomes are committed in. */
  index: number;
  file: string;
  /** The formats this document needs (those whose outputs are out of date); all of the build's when absent. */
  formats?: Format[];
}

export interface BuiltDocument {
  id: string;
  outputs: OutputFile[];
  /** Each format built → the paths of its files (a shared asset is listed under every format that writes it). */
  pathsByFormat: Partial<Record<Format, string[]>>;
  index: IndexSummary;
  csl: CslItem;
  /**
   * True when the document includes other files (XInclude): its cache key
   * covers its own bytes only, so it is rebuilt every time rather than served
   * stale after an included file changes.
   */
  uncacheable: boolean;
  /** Published with errors (--draft): a banner, no citation data; never cached, replaced by the next clean build. */
  draft?: boolean;
  /**
   * True when a format could not be made within its budget (a PDF too large
   * to typeset): the other formats are written, the document counts as
   * failed, and its previous output of that format is kept.
   */
  incomplete?: boolean;
  /** A teiCorpus: each TEI's edition (the corpus page lists, and citations.json cites, each). */
  members?: CorpusMember[];
  /** The register entries it mentions, for the register pages' back-links. */
  mentions?: RegisterMention[];
}

export interface DocumentOutcome {
  index: number;
  file: string;
  diagnostics: Diagnostic[];
  ioError: boolean;
  /** Present when the document is valid and rendered. */
  built?: BuiltDocument;
}

export async function processBatch(items: readonly BatchItem[], settings: BuildSettings, emit: (o: DocumentOutcome) => void): Promise<StageTimes> {
  const times = zeroTimes();
  const layers: LayerTimes = { load: 0, relaxng: 0, schematron: 0, rules: 0 };
  const batch = await startBatch(
    items.map((i) => i.file),
    { schema: settings.schema, schematron: settings.schematron, rules: settings.rules, includeFolders: settings.includeFolders, registers: settings.registers },
    layers,
  );
  let answered = false;
  batch.relaxng.then(() => (answered = true), () => (answered = true));
  // Built before RELAX NG's verdict if need be (libxml2 works in its own thread), and thrown away if it finds an error.
  const waiting: { k: number; built?: BuiltDocument; buildDiagnostics: Diagnostic[]; judged?: ValidatedDocument }[] = [];
  const flush = async (): Promise<void> => {
    // Rethrows an unusable grammar: the build stops, as it must.
    await batch.relaxng;
    for (const w of waiting.splice(0)) {
      const v = w.judged ?? batch.verdict(w.k);
      const outcome: DocumentOutcome = { index: items[w.k].index, file: v.file, diagnostics: v.diagnostics, ioError: v.ioError };
      if (!hasErrors(v.diagnostics) || w.built?.draft) {
        outcome.diagnostics = [...v.diagnostics, ...w.buildDiagnostics];
        outcome.built = w.built;
      }
      emit(outcome);
    }
  };
  for (let k = 0; k < items.length; k++) {
    const v = await batch.check(k);
    const doc = v.document;
    // Dropped now, so that each tree can be collected as soon as its document is rendered.
    v.document = undefined;
    const buildDiagnostics: Diagnostic[] = [];
    const formats = items[k].formats ?? settings.formats;
    if (settings.draft && doc && settings.formats.includes('html')) {
      // A draft shows every finding, RELAX NG's too: its verdict is awaited before rendering (a draft build is for reading, not speed).
      await batch.relaxng;
      const judged = batch.verdict(k);
      const findings = hasErrors(judged.diagnostics) ? judged.diagnostics : undefined;
      const built = await buildOne(doc, v.file, settings, findings ? ['html'] : formats, buildDiagnostics, times, findings);
      waiting.push({ k, built, buildDiagnostics, judged });
      if (answered) await flush();
      continue;
    }
    const built = doc && !hasErrors(v.diagnostics) ? await buildOne(doc, v.file, settings, formats, buildDiagnostics, times) : undefined;
    waiting.push({ k, built, buildDiagnostics });
    // One turn of the event loop: libxml2's answer is a message, which the work above (synchronous,
    // Typst included) would otherwise hold back until the end of the batch.
    await new Promise<void>((resolve) => setImmediate(resolve));
    // Each document goes out as soon as it is built and judged: progress stays smooth, and outputs do not pile up.
    if (answered) await flush();
  }
  await flush();
  Object.assign(times, layers);
  return times;
}

/** A teiCorpus is built as one document per TEI (src/model/tei-corpus.ts); any other document as itself. */
async function buildOne(
  doc: LoadedDocument,
  file: string,
  settings: BuildSettings,
  formats: readonly Format[],
  diags: Diagnostic[],
  times: StageTimes,
  draftFindings?: readonly Diagnostic[],
): Promise<BuiltDocument | undefined> {
  const members = corpusMembers(doc);
  if (!members) return buildSingle(doc, file, settings, formats, diags, times, draftFindings);
  if (members.length === 0) {
    diags.push({ file, line: 0, column: 0, severity: 'error', source: 'rules', ruleId: 'build-render', message: 'the teiCorpus holds no TEI document: there is nothing to publish', hint: 'put the corpus\'s texts in <TEI> elements inside the <teiCorpus>' });
    return undefined;
  }
  const built: BuiltDocument[] = [];
  const seen = new Map<string, Element>();
  for (const m of members) {
    const b = await buildSingle(m, file, settings, formats, diags, times, draftFindings);
    if (!b) return undefined;
    const other = seen.get(b.id);
    if (other) {
      const at = m.root as unknown as { lineNumber?: number; columnNumber?: number };
      diags.push({
        file, line: at.lineNumber ?? 0, column: at.columnNumber ?? 0, severity: 'error', source: 'rules', ruleId: 'build-duplicate-id',
        message: `two TEI documents of this teiCorpus have the edition id "${b.id}": their pages would overwrite each other`,
        hint: 'give each <TEI> its own xml:id (or its own <idno type="local">)',
      });
      return undefined;
    }
    seen.set(b.id, m.root);
    built.push(b);
  }
  const pathsByFormat: Partial<Record<Format, string[]>> = {};
  for (const b of built) for (const [f, paths] of Object.entries(b.pathsByFormat) as [Format, string[]][]) (pathsByFormat[f] ??= []).push(...paths);
  return {
    id: built[0].id,
    outputs: dedupeByPath(built.flatMap((b) => b.outputs)),
    pathsByFormat,
    index: built[0].index,
    csl: built[0].csl,
    members: built.map((b) => ({ id: b.id, index: b.index, csl: b.csl })),
    mentions: built.flatMap((b) => b.mentions ?? []),
    uncacheable: built.some((b) => b.uncacheable),
    ...(draftFindings ? { draft: true } : {}),
    incomplete: built.some((b) => b.incomplete),
  };
}

async function buildSingle(
  doc: LoadedDocument,
  file: string,
  settings: BuildSettings,
  formats: readonly Format[],
  diags: Diagnostic[],
  times: StageTimes,
  /** The findings of a document published as a draft (it has errors). */
  draftFindings?: readonly Diagnostic[],
): Promise<BuiltDocument | undefined> {
  const renderOptions: RenderOptions = {
    templatesDir: settings.templates,
    paper: settings.paper,
    baseUrl: settings.baseUrl,
    citations,
    pdfBudget: { maxMemory: settings.pdfMaxMemory ?? DEFAULT_PDF_MAX_MEMORY, maxSeconds: settings.pdfMaxSeconds ?? DEFAULT_PDF_MAX_SECONDS },
    // A renderer's partial failure (a character no font covers) is a diagnostic like any other: located, in every
    // report format, its severity the project's (edition.config.json "rules").
    warn: (w) => {
      const d: Diagnostic = {
        file, line: w.src?.line ?? 0, column: w.src?.column ?? 0, severity: 'warning', source: 'rules',
        ruleId: w.ruleId, message: w.message, ...(w.hint ? { hint: w.hint } : {}),
      };
      for (const kept of applyRuleSeverities([d], settings.rules)) diags.push(kept);
    },
  };
  let incomplete = false;
  if (draftFindings) renderOptions.draft = { findings: draftFindings.map(({ line, column, severity, ruleId, message }) => ({ line, column, severity, ruleId, message })) };
  // Read once per worker while unchanged (the same set the rules used).
  const registers = settings.registers?.length ? await loadRegisters(settings.registers) : undefined;
  try {
    const byMode = new Map<string, Edition>();
    const model = (mode: ModelOptions['mode']): Edition => {
      let e = byMode.get(mode);
      if (!e) {
        const t0 = now();
        e = buildEdition(doc, { mode, witness: settings.witness }, registers);
        times.model += now() - t0;
        byMode.set(mode, e);
      }
      return e;
    };
    const reading = model('reading');
    if (settings.witness && !reading.witnesses.some((w) => w.id === settings.witness || w.siglum === settings.witness)) {
      const known = reading.witnesses.map((w) => w.siglum);
      diags.push({
        file, line: 0, column: 0, severity: 'error', source: 'rules', ruleId: 'build-unknown-witness',
        message: `--witness ${settings.witness}: the document has no such witness`,
        hint: known.length ? `its witnesses are: ${known.join(', ')}` : 'the document declares no witnesses (listWit)',
      });
      return undefined;
    }
    // A witness the edition records nothing of would be the base text under its siglum: refused, saying why.
    const asked = settings.witness ? findWitness(reading.witnesses, settings.witness) : undefined;
    if (settings.witness && asked && !recordsReadingsOf(reading, asked)) {
      const { message, hint } = noReadingsMessage(settings.witness, asked);
      diags.push({
        file, line: asked.src?.line ?? 0, column: asked.src?.column ?? 0, severity: 'error', source: 'rules', ruleId: 'build-witness-without-readings',
        message, hint,
      });
      return undefined;
    }
    const outputs: OutputFile[] = [];
    const pathsByFormat: Partial<Record<Format, string[]>> = {};
    for (const f of formats) {
      const edition = f === 'txt' ? model(settings.textMode) : reading;
      const t0 = now();
      try {
        const files = await renderers[f](edition, renderOptions);
        outputs.push(...files);
        pathsByFormat[f] = files.map((o) => o.path);
      } catch (e) {
        // Over its budget, one format fails alone: the document's other formats are still made.
        if (!(e instanceof RenderError && e.ruleId === 'pdf-budget')) throw e;
        diags.push({ file, line: 0, column: 0, severity: 'error', source: 'rules', ruleId: e.ruleId, message: e.message, hint: e.hint });
        incomplete = true;
      } finally {
        times[f] += now() - t0;
      }
    }
    const mentions = registerMentions(reading);
    return {
      id: reading.id,
      ...(mentions.length > 0 ? { mentions } : {}),
      outputs: dedupeByPath(outputs),
      pathsByFormat,
      index: {
        id: reading.id, lang: reading.lang, witness: settings.witness, meta: reading.meta,
        ...(reading.meta.correspondence !== undefined ? { citation: citationText(reading, { baseUrl: settings.baseUrl }) } : {}),
      },
      csl: cslItem(reading, { baseUrl: settings.baseUrl }),
      uncacheable: (doc.included?.length ?? 0) > 0,
      ...(draftFindings ? { draft: true } : {}),
      incomplete,
    };
  } catch (e) {
    if (e instanceof RenderError) {
      diags.push({
        file, line: e.src?.line ?? 0, column: e.src?.column ?? 0, severity: 'error', source: 'rules', ruleId: e.ruleId ?? 'build-render',
        message: `${e.message}${e.src ? ` (in <${e.src.element}>${e.src.xmlId ? ` xml:id="${e.src.xmlId}"` : ''})` : ''}`,
        hint: e.hint,
      });
      return undefined;
    }
    // Our bug, met on one document: in a corpus build the other documents must still be built.
    const err = e instanceof Error ? e : new Error(String(e));
    diags.push({
      file, line: 0, column: 0, severity: 'error', source: 'rules', ruleId: 'build-internal-error',
      message: `internal error while building this document: ${err.message}`,
      hint: process.env.EDITION_DEBUG ? err.stack : 'please report it, with the document (set EDITION_DEBUG=1 for details)',
    });
    return undefined;
  }
}

/** Shared assets (CSS, JS) come with every page; keep each once. */
function dedupeByPath(files: OutputFile[]): OutputFile[] {
  const byPath = new Map<string, OutputFile>();
  for (const f of files) byPath.set(f.path, f);
  return [...byPath.values()];
}

function now(): number {
  return Number(process.hrtime.bigint()) / 1e6;
}

import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import type { Edition } from '../../model/types';
import { type OutputFile, type RenderOptions, type RenderWarning, RenderError } from '../types';
import { outputName, paperVariant } from '../output-names';
import type { CompileOutcome, TypstDiagnostic } from './compiler';
import { buildPayload, type Payload } from './data';
import { findText, toRenderError } from './errors';
import { locateFailure } from './locate';
import { DEFAULT_PDF_BUDGET, formatBytes, PdfBudgetError, typesetPdf, type PdfBudget } from './typst-host';

export const TEMPLATE_NAME = 'reading-copy.typ';
const PROJECT_TEMPLATES = path.resolve(__dirname, '../../../templates');

export interface PdfReport {
  files: OutputFile[];
  /** Typst warnings (e.g. a layout that did not converge), with the template line when known. */
  warnings: TypstDiagnostic[];
}

/**
 * The reading-copy PDF (`<id>.pdf`; `<id>.<siglum>.pdf` for a witness build,
 * `<id>.a5.pdf` on other paper than A4: see outputName): PDF/A-2b, tagged,
 * fonts embedded, typeset by Typst from `templates/reading-copy.typ` (or the same file in options.templatesDir).
 * Reproducible: the only date in the file is the edition's publication date
 * (else SOURCE_DATE_EPOCH, else none).
 */
export async function renderPdf(edition: Edition, options: RenderOptions = {}): Promise<OutputFile[]> {
  const report = await renderPdfWithReport(edition, options);
  for (const w of report.warnings) {
    const warning = renderWarning(w);
    if (options.warn) options.warn(warning);
    else process.emitWarning(`${edition.file}: ${warning.message}`, { code: 'TEI_EDITION_TYPST' });
  }
  return report.files;
}

/** A Typst warning as a located finding: a missing glyph names its element; others (a layout that did not settle) the template. */
function renderWarning(w: TypstDiagnostic): RenderWarning {
  if (w.glyph !== undefined) {
    return {
      ruleId: 'pdf-missing-glyph',
      message: `PDF: no font covers ${w.glyph}: printed as ${REPLACEMENT}${w.src ? ` (in <${w.src.element}>${w.src.xmlId ? ` xml:id="${w.src.xmlId}"` : ''})` : ''}`,
      src: w.src,
      hint: 'none of the PDF fonts has it (a private-use MUFI character, say): encode it with <g ref> and a standard fallback, or install a font that has it (Typst searches the system fonts last)',
    };
  }
  return { ruleId: 'pdf-typst-warning', message: `PDF: ${w.message}${w.line ? ` (template line ${w.line})` : ''}`, src: w.src };
}

export async function renderPdfWithReport(edition: Edition, options: RenderOptions = {}): Promise<PdfReport> {
  const template = loadTemplate(options.templatesDir);
  const epoch = process.env.SOURCE_DATE_EPOCH !== undefined ? Number(process.env.SOURCE_DATE_EPOCH) : undefined;
  const citation = options.citations?.text(edition, { baseUrl: options.baseUrl });
  const payload = buildPayload(edition, { paper: options.paper, sourceDateEpoch: epoch, ...(citation ? { citation } : {}) });
  const data = JSON.stringify(payload);
  const budget = options.pdfBudget ?? DEFAULT_PDF_BUDGET;
  const typeset = async (json: string): Promise<CompileOutcome> => {
    try {
      return await typesetPdf(template.text, json, budget);
    } catch (e) {
      if (e instanceof PdfBudgetError) throw budgetError(e, edition.file, budget, payload);
      throw e;
    }
  };
  let outcome = await typeset(data);
  const notes: TypstDiagnostic[] = [];
  if (!outcome.ok && outcome.stage === 'export') {
    // PDF/A forbids a glyph no font has. A located warning and a visible
    // replacement mark serve a reader better than no PDF; the plain text and
    // HTML keep the character.
    const missing = outcome.errors.map((e) => MISSING_GLYPH.exec(e.message)?.[1]);
    if (missing.length > 0 && missing.every((m): m is string => m !== undefined)) {
      const unique = [...new Set(missing)];
      for (const text of unique) notes.push(replacementWarning(text, payload));
      outcome = await typeset(replaceAll(data, unique));
    }
  }
  if (!outcome.ok) {
    const namesNode = outcome.errors.some((e) => /node -?\d+: /.test(e.message) || MISSING_GLYPH.test(e.message));
    const located = !namesNode && outcome.stage === 'compile' ? await locateFailure(template.text, payload, budget) : undefined;
    throw toRenderError(outcome.errors, payload, template.display, located);
  }
  return { files: [{ path: outputName(edition, 'pdf', paperVariant(options.paper)), data: outcome.pdf }], warnings: [...notes, ...outcome.warnings] };
}

/**
 * A typesetting over its budget, in words a user can act on. Typst says
 * nothing while it lays out, so the page it had reached is not known: the
 * message says how long it ran and how much it had taken, and how large
 * the document is.
 */
function budgetError(e: PdfBudgetError, file: string, budget: PdfBudget, payload: Payload): RenderError {
  const rel = path.relative(process.cwd(), file);
  const name = rel.startsWith('..') || rel === '' ? file : rel;
  const size = `${Object.keys(payload.entries).length} apparatus entries, ${Object.keys(payload.notes).length} notes`;
  if (e.reason === 'memory') {
    return new RenderError(
      `the PDF of ${name} exceeded ${formatBytes(budget.maxMemory)} while Typst laid it out (${e.progress}; ${size}); nothing was written for it`,
      undefined,
      'split the document or raise `pdf.maxMemory` (edition.config.json) or --pdf-max-memory',
      'pdf-budget',
    );
  }
  if (e.reason === 'time') {
    return new RenderError(
      `the PDF of ${name} took longer than ${budget.maxSeconds} s to lay out (${e.progress}; ${size}); nothing was written for it`,
      undefined,
      'split the document or raise `pdf.maxSeconds` (edition.config.json) or --pdf-max-seconds',
      'pdf-budget',
    );
  }
  return new RenderError(
    `the PDF of ${name} could not be made: ${e.message}${e.progress ? ` (${e.progress})` : ''}`,
    undefined,
    'the system may have run out of memory: split the document, or lower `pdf.maxMemory` so that it stops in time with this message',
    'pdf-budget',
  );
}

const MISSING_GLYPH = /the text `"(.+?)"` could not be displayed with font/;
const REPLACEMENT = '\uFFFD';

function replacementWarning(text: string, payload: Payload): TypstDiagnostic {
  const cps = [...text].map((ch) => 'U+' + (ch.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')).join(' ');
  // Invisible and combining characters are named by their code point alone: quoted, they would show nothing or join the quote.
  const shown = /^[\p{L}\p{N}\p{P}\p{S}]+$/u.test(text) ? `"${text}" (${cps})` : cps;
  return {
    severity: 'warning',
    message: `no font covers ${shown}: printed as ${REPLACEMENT} (install a font for it: Typst also uses the system's fonts)`,
    src: findText(payload, text),
    glyph: shown,
  };
}

/** Replace in the JSON text: the strings are all the payload's text, and these characters never occur in JSON syntax. */
function replaceAll(json: string, texts: readonly string[]): string {
  let out = json;
  for (const t of texts) out = out.split(t).join(REPLACEMENT);
  return out;
}

function loadTemplate(templatesDir: string | undefined): { text: string; display: string } {
  const user = templatesDir ? path.join(templatesDir, TEMPLATE_NAME) : undefined;
  const file = user && existsSync(user) ? user : path.join(PROJECT_TEMPLATES, TEMPLATE_NAME);
  try {
    const rel = path.relative(process.cwd(), file);
    return { text: readFileSync(file, 'utf8'), display: rel.startsWith('..') ? file : rel };
  } catch (e) {
    throw new RenderError(`PDF: cannot read the template ${file}: ${(e as Error).message}`);
  }
}

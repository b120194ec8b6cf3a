import type { Edition, SourceRef } from '../model/types';
import type { OutputFile } from '../output-files';

export type { OutputFile };

/**
 * Renderers are pure functions from the model (and options) to bytes. Only the
 * write stage touches the file system, so that a failed build never leaves half
 * an output behind.
 */
export interface RenderOptions {
  /** A user's template folder; files there override the project's `templates/`. */
  templatesDir?: string;
  paper?: 'a4' | 'a5' | 'letter';
  /** Makes citation URLs absolute. */
  baseUrl?: string;
  /** What one PDF's typesetting may use: resident bytes of the Typst process, and seconds (default 2 GiB, 300 s). */
  pdfBudget?: { maxMemory: number; maxSeconds: number };
  /** A draft (edition build --draft): the document has errors, listed in a banner; no citation data is published. */
  draft?: DraftInfo;
  /**
   * Where a renderer reports what it could render only in part (a character
   * no font covers): the build turns each into a located diagnostic. Without
   * it (a library call), the warning goes to process.emitWarning.
   */
  warn?: (w: RenderWarning) => void;
}

/** The findings a draft page lists, each linked to its place in the text. */
export interface DraftInfo {
  findings: { line: number; column: number; severity: 'error' | 'warning' | 'info'; ruleId: string; message: string }[];
}

/** A finding of a renderer that did produce its output: located like a check's diagnostic. */
export interface RenderWarning {
  /** e.g. `pdf-missing-glyph`; a project may raise or lower its severity. */
  ruleId: string;
  message: string;
  src?: SourceRef;
  hint?: string;
}


/** A failure traced back to the TEI element that caused it, never a raw stack or Typst trace. */
export class RenderError extends Error {
  constructor(
    message: string,
    readonly src?: SourceRef,
    readonly hint?: string,
    /** The diagnostic's rule id, when not the generic `build-render`. */
    readonly ruleId?: string,
  ) {
    super(message);
    this.name = 'RenderError';
  }
}

export type Renderer = (edition: Edition, options: RenderOptions) => OutputFile[] | Promise<OutputFile[]>;

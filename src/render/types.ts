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
   * The citations the outputs print, made by the cite stage and handed in by
   * the publish stage (src/publish/citations.ts): render does not import
   * cite. Without them an output carries no citation (no "how to cite", no
   * citation metadata or downloads), as a library call may want.
   */
  citations?: Citations;
  /**
   * Where a renderer reports what it could render only in part (a character
   * no font covers): the build turns each into a located diagnostic. Without
   * it (a library call), the warning goes to process.emitWarning.
   */
  warn?: (w: RenderWarning) => void;
}

/** The page a citation is for: its address is baseUrl + fileName (default `<id>.html`). */
export interface CitedPage {
  baseUrl?: string;
  fileName?: string;
}

/** A `<meta name content>` of the page head. */
export interface MetaTag {
  name: string;
  content: string;
}

/** A citation download offered beside a page (`<page>.bib`, `.ris`, `.json`). */
export interface CitationDownload {
  href: string;
  label: string;
  type: string;
}

/**
 * Everything an output says about citing the edition, from the one CSL item
 * and CitationData of the cite stage. Functions, not values: each is made
 * only when an output asks for it (citeproc is not cheap, and a draft asks
 * for little).
 */
export interface Citations {
  /** The formatted citation as plain text (the title blocks of the text and the PDF). */
  text(edition: Edition, page: CitedPage): string;
  /** The same citation as HTML, safe to place inside a `<p>`. */
  html(edition: Edition, page: CitedPage): string;
  /** How to cite one paragraph ("…, ¶ 3. https://…#p3"), prepared once per page. */
  paragraphCiter(edition: Edition, page: CitedPage): (anchor: string, label: string) => string;
  /** Highwire Press `citation_*` tags (what Zotero reads) for the head. */
  highwireTags(edition: Edition, page: CitedPage): MetaTag[];
  /** Dublin Core tags for the head. */
  dublinCoreTags(edition: Edition, page: CitedPage): MetaTag[];
  /** The schema.org JSON-LD, already safe inside a `<script>` element. */
  jsonLd(edition: Edition, page: CitedPage): string;
  /** The downloads beside a page, and the files behind them (written with the page, so no link dangles). */
  downloads(fileName: string): CitationDownload[];
  files(edition: Edition, page: CitedPage & { fileName: string }): OutputFile[];
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

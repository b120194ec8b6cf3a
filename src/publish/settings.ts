import type { RulesConfig } from '../check/rules/severity';
import type { Format } from '../render/index';

/**
 * What a build is asked to do, resolved from the command line: plain data,
 * so that it can be handed to worker threads and hashed into the cache key.
 * (A type-only import of Format: this module must stay light to load.)
 */
export interface BuildSettings {
  formats: Format[];
  /** A RELAX NG grammar instead of the project's own (absolute path). */
  schema?: string;
  /** Users' own Schematron files (absolute paths), after the project's. */
  schematron: string[];
  /** The user's templates folder (absolute path). */
  templates?: string;
  witness?: string;
  textMode: 'reading' | 'diplomatic';
  paper: 'a4' | 'a5' | 'letter';
  /** Where the edition is published: makes citation URLs absolute. */
  baseUrl?: string;
  /** The project's rule severities (edition.config.json "extends", "rules", "overrides"). */
  rules?: RulesConfig;
  /** Publish documents with errors as drafts: a banner with the findings, no citation data, HTML only. */
  draft?: boolean;
  /** Folders (absolute) XInclude may read besides each document's own (edition.config.json "includeFolders"). */
  includeFolders?: string[];
  /** The edition's registers (absolute paths, edition.config.json "registers"). */
  registers?: string[];
  /**
   * Resident memory (bytes) one PDF's typesetting may take (the Typst
   * process's peak); past it that document's PDF fails alone. Default
   * DEFAULT_PDF_MAX_MEMORY. (`pdf.maxMemory` in edition.config.json.)
   */
  pdfMaxMemory?: number;
  /** Seconds one PDF's typesetting may take. Default DEFAULT_PDF_MAX_SECONDS. (`pdf.maxSeconds`.) */
  pdfMaxSeconds?: number;
}

export const DEFAULT_PDF_MAX_MEMORY = 2 * 1024 ** 3;
export const DEFAULT_PDF_MAX_SECONDS = 300;

/** Milliseconds spent in each stage, summed over documents: the build's profile. */
export interface StageTimes {
  load: number;
  relaxng: number;
  schematron: number;
  rules: number;
  model: number;
  html: number;
  txt: number;
  pdf: number;
}

export const STAGES: readonly (keyof StageTimes)[] = ['load', 'relaxng', 'schematron', 'rules', 'model', 'html', 'txt', 'pdf'];

export function zeroTimes(): StageTimes {
  return { load: 0, relaxng: 0, schematron: 0, rules: 0, model: 0, html: 0, txt: 0, pdf: 0 };
}

export function addTimes(into: StageTimes, t: StageTimes): void {
  for (const k of STAGES) into[k] += t[k];
}

/**
 * The names the CLI offers (formats, styles), apart from the code behind
 * them, so that `edition --help` loads no citation machinery.
 */
export const CITE_FORMATS = ['bibtex', 'ris', 'csl-json', 'cff', 'text', 'cmif'] as const;
export type CiteFormat = (typeof CITE_FORMATS)[number];

/** Chicago author-date is kept in templates/csl/; the other three ship with citation-js. */
export const DEFAULT_STYLE = 'chicago-author-date';
export const BUILTIN_STYLES = ['chicago-author-date', 'apa', 'vancouver', 'harvard1'] as const;

/**
 * The checks `edition validate --layers` chooses among. XML is always checked:
 * the others need it. A module of its own so that the command line can parse
 * --layers without loading the checks themselves (a validation run in worker
 * threads never loads them in the main thread).
 */
export const LAYERS = ['xml', 'relaxng', 'schematron', 'rules'] as const;
export type Layer = (typeof LAYERS)[number];

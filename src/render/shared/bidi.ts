import { hasRtl } from '../script';

/**
 * Bidi isolation of apparatus contents, shared by the writers whose output is
 * characters (plain text, PDF): a lemma or reading in a right-to-left script
 * is wrapped in FIRST STRONG ISOLATE … POP DIRECTIONAL ISOLATE, so that the
 * bidi algorithm keeps the entry's "]", ";" and sigla (left to right) where
 * they belong and a viewer takes the line's direction from the sigla, not
 * from the Hebrew. HTML isolates with <bdi> instead.
 */
export const FSI = '\u2068';
export const PDI = '\u2069';

/** Whether a content whose visible text is `plain` needs isolating. */
export function needsIsolate(plain: string): boolean {
  return plain !== '' && hasRtl(plain);
}

export function isolateText(text: string): string {
  return needsIsolate(text) ? FSI + text + PDI : text;
}

/**
 * What a terminal may be given, and what a value may carry into a line of
 * plain text (issue 13, attack 11).
 *
 * A diagnostic prints a file name, and messages quote the document's own
 * values. Raw controls in them reach the terminal: a newline in a file name
 * printed a fake diagnostic line, C1 controls (U+0080–U+009F) and ESC are
 * terminal commands, and an unterminated U+202E reversed the rest of the
 * line. In diagnostics they are written as escapes (`\u{85}`), as rustc does:
 * a reader sees that they are there, and nothing acts on them.
 *
 * In output text (the citation in .txt and PDF) bidi controls are the
 * author's and stay; each value is closed off instead (balanceBidi in
 * src/text/bidi.ts), so that what it opens ends with it.
 */
import type { Diagnostic } from '../../diagnostic';

/**
 * C0 controls but the tab, DEL, C1 controls; line and paragraph separators;
 * bidi embeddings, overrides, isolates and marks (U+061C, U+200E/F,
 * U+202A–U+202E, U+2066–U+2069).
 */
const UNSAFE = /[\u0000-\u0008\u000a-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

/** One line of terminal text: every control written as `\u{…}`. */
export function escapeForTerminal(s: string): string {
  return s.replace(UNSAFE, (ch) => `\\u{${ch.charCodeAt(0).toString(16)}}`);
}

/** A diagnostic with every field a terminal prints made safe. */
export function terminalSafe(d: Diagnostic): Diagnostic {
  const out: Diagnostic = { ...d, file: escapeForTerminal(d.file), message: escapeForTerminal(d.message), ruleId: escapeForTerminal(d.ruleId) };
  if (d.hint !== undefined) out.hint = escapeForTerminal(d.hint);
  return out;
}

/**
 * Helpers every writer shares (the shape of Pandoc's Writers/Shared.hs): a
 * writer imports these, never another writer's modules.
 */

/** Collapse XML whitespace (not no-break spaces) to single spaces. */
export function squash(s: string): string {
  return s.replace(/[ \t\r\n]+/g, ' ').trim();
}

import type { Metadata } from '../model/types';

/**
 * Names of people as every renderer prints them. One place, so that the
 * HTML page, the plain text and the PDF name the same people the same way.
 */

/** The names of the editors (role "editor" first, any other responsibility only if there is no editor). */
export function editorNames(m: Metadata): string[] {
  const isEditor = (role: string): boolean => /^ed\.?$|edit|hrsg|herausg|édit|curat/i.test(role.trim());
  const eds = m.editors.filter((r) => isEditor(r.role)).flatMap((r) => r.names);
  return [...new Set(eds)];
}

/** `A`, `A and B`, `A, B and C`. */
export function joinNames(names: readonly string[]): string {
  if (names.length <= 1) return names.join('');
  return `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
}

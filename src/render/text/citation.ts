import { citationText } from '../../cite/format';
import type { Edition, Metadata } from '../../model/types';

/**
 * How to cite the edition, as plain text: the same citation as the HTML
 * page's and `edition cite`'s (Chicago author-date, from the model's
 * CitationData, through src/cite). Shared by the text and PDF renderers so
 * that both print the same string.
 */
export function plainCitation(edition: Edition, baseUrl?: string): string {
  return citationText(edition, { baseUrl });
}

/** The names of the editors (role "editor" first, any other responsibility only if there is no editor). */
export function editorNames(m: Metadata): string[] {
  const isEditor = (role: string): boolean => /^ed\.?$|edit|hrsg|herausg|édit|curat/i.test(role.trim());
  const eds = m.editors.filter((r) => isEditor(r.role)).flatMap((r) => r.names);
  return [...new Set(eds)];
}

export function joinNames(names: readonly string[]): string {
  if (names.length <= 1) return names.join('');
  if (names.length === 2) return `${names[0]} and ${names[1]}`;
  return `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
}

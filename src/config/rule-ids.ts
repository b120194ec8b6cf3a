/**
 * The ids a configuration may name in "rules": every edition rule (with its
 * default severity) and every Schematron check of the project's rules and of
 * the user's own Schematron files. A check's id is its own @id, else its
 * rule's, else its pattern's, as the Schematron runner reports them.
 */
import { readFileSync } from 'node:fs';
import type { Severity } from '../diagnostic';

const SCH_NS = 'http://purl.oclc.org/dsdl/schematron';

export interface KnownRule {
  id: string;
  severity: Severity;
  source: 'rules' | 'schematron';
  description: string;
}

/**
 * Findings of the renderers that a project may tune like a rule: the output is
 * made, in part (src/render/types.ts RenderWarning).
 */
export const RENDER_RULES: readonly KnownRule[] = [
  { id: 'pdf-missing-glyph', severity: 'warning', source: 'rules', description: 'a character of the text that no font of the PDF covers (it prints as a replacement character)' },
];

export function knownRules(schematronFiles: readonly string[]): KnownRule[] {
  // Loaded here, not at the top: every command reads the configuration module, but only a project
  // with a configuration file needs the rule list (and an XML parser for its Schematron); without
  // one, the main thread of a validation in worker threads (or of cite, ids) loads neither.
  const { rules } = require('../check/rules') as typeof import('../check/rules');
  const out: KnownRule[] = [...rules.map((r) => ({ id: r.id, severity: r.severity, source: 'rules' as const, description: r.description })), ...RENDER_RULES];
  const seen = new Set(out.map((r) => r.id));
  for (const file of schematronFiles) {
    for (const r of schematronChecks(file)) {
      if (seen.has(r.id)) continue;
      seen.add(r.id);
      out.push(r);
    }
  }
  return out;
}

/** The checks of one Schematron file; an unreadable file has none here (validation reports it). */
export function schematronChecks(file: string): KnownRule[] {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return [];
  }
  const { DOMParser } = require('@xmldom/xmldom') as typeof import('@xmldom/xmldom');
  let doc: Document;
  try {
    doc = new DOMParser({ onError: () => undefined }).parseFromString(text, 'text/xml') as unknown as Document;
  } catch {
    return [];
  }
  const out: KnownRule[] = [];
  const all = doc.getElementsByTagNameNS(SCH_NS, '*');
  for (let i = 0; i < all.length; i++) {
    const el = all[i];
    if (el.localName !== 'assert' && el.localName !== 'report') continue;
    const rule = el.parentNode as Element | null;
    const pattern = rule?.parentNode as Element | null;
    const id = el.getAttribute('id') || rule?.getAttribute('id') || pattern?.getAttribute('id');
    if (!id) continue;
    const role = (el.getAttribute('role') ?? rule?.getAttribute('role') ?? pattern?.getAttribute('role') ?? '').trim().toLowerCase();
    const severity: Severity = ['warning', 'warn'].includes(role) ? 'warning' : ['info', 'information', 'note', 'hint'].includes(role) ? 'info' : 'error';
    out.push({ id, severity, source: 'schematron', description: (el.textContent ?? '').replace(/\s+/g, ' ').trim() });
  }
  return out;
}

/**
 * Citation File Format 1.2.0 (CITATION.cff), written here rather than with
 * @citation-js/plugin-cff: that plugin is ESM-only and requires Node 22,
 * while this project supports Node 20; and CFF is small. The file describes
 * the edition as a dataset and says, in `preferred-citation`, how to cite it
 * (as a book, like every other citation the project writes).
 *
 * YAML is written by hand from a fixed structure: every string is a YAML
 * double-quoted scalar (JSON string syntax, which YAML 1.2 reads, with the
 * characters YAML forbids raw escaped too), so no value can break the file.
 */
import type { CitationName } from '../model/types';
import { citationOf, editionUrls, type CitableEdition, type CiteOptions } from './csl';

type Yaml = string | number | YamlDate | Yaml[] | { [key: string]: Yaml | undefined };

/** A date written unquoted, as CFF's examples do (`date-released: 2026-11-27`). */
class YamlDate {
  constructor(readonly iso: string) {}
}

export function cffFor(edition: CitableEdition, options: CiteOptions = {}): string {
  const c = citationOf(edition);
  const url = editionUrls(edition, options).page;
  const fullDate = c.date && /^\d{4}-\d\d-\d\d$/.test(c.date) ? new YamlDate(c.date) : undefined;
  const year = c.date ? Number(c.date.slice(0, 4)) : undefined;
  const people = (names: readonly CitationName[]): Yaml[] => names.map(cffName);
  const authors = c.authors.length > 0 ? c.authors : c.editors.length > 0 ? c.editors : c.publisher ? [{ name: c.publisher, organisation: true }] : [];
  const identifiers: Yaml[] = [];
  if (c.doi) identifiers.push({ type: 'doi', value: c.doi });
  for (const i of c.identifiers) {
    const v = i.value.trim();
    if (v === '' || v === c.doi || v === url) continue;
    const isUrl = /^https?:\/\/\S+$/i.test(v);
    identifiers.push({ type: isUrl ? 'url' : 'other', value: v, ...(i.type ? { description: `idno type="${i.type}"` } : {}) });
  }
  const lang = c.language ? /^([a-z]{2,3})(?:-|$)/i.exec(c.language)?.[1]?.toLowerCase() : undefined;
  const doc: { [key: string]: Yaml | undefined } = {
    'cff-version': '1.2.0',
    message: 'If you use this edition, please cite it as below.',
    type: 'dataset',
    title: c.title || edition.id,
    version: c.version,
    'date-released': fullDate,
    authors: authors.length > 0 ? people(authors) : [{ name: 'anonymous' }],
    doi: c.doi,
    url,
    identifiers: identifiers.length > 0 ? identifiers : undefined,
    license: c.licence?.spdx,
    'license-url': c.licence?.url && /^https?:\/\/\S+$/i.test(c.licence.url) ? c.licence.url : undefined,
    keywords: c.keywords.length > 0 ? [...c.keywords] : undefined,
    'preferred-citation': {
      type: 'book',
      title: c.title || edition.id,
      authors: authors.length > 0 ? people(authors) : [{ name: 'anonymous' }],
      editors: c.editors.length > 0 ? people(c.editors) : undefined,
      edition: c.edition,
      publisher: c.publisher ? { name: c.publisher, ...(c.publisherPlace ? { location: c.publisherPlace } : {}) } : undefined,
      year: year !== undefined && Number.isFinite(year) ? year : undefined,
      'date-published': fullDate,
      doi: c.doi,
      url,
      languages: lang ? [lang] : undefined,
      license: c.licence?.spdx,
    },
  };
  return `# How to cite ${edition.id}, written by tei-edition from the TEI header.\n${yamlMapping(doc, '')}`;
}

function cffName(n: CitationName): Yaml {
  if (!n.family) return { name: n.name };
  const p: { [key: string]: Yaml } = { 'family-names': n.family };
  if (n.given) p['given-names'] = n.given;
  if (n.particle) p['name-particle'] = n.particle;
  return p;
}

function yamlMapping(obj: { [key: string]: Yaml | undefined }, indent: string): string {
  let out = '';
  for (const [key, value] of Object.entries(obj)) {
    if (value === undefined) continue;
    out += `${indent}${key}:${yamlValue(value, indent)}`;
  }
  return out;
}

function yamlValue(value: Yaml, indent: string): string {
  if (typeof value === 'string') return ` ${yamlString(value)}\n`;
  if (typeof value === 'number') return ` ${value}\n`;
  if (value instanceof YamlDate) return ` ${value.iso}\n`;
  if (Array.isArray(value)) {
    let out = '\n';
    for (const v of value) {
      if (typeof v === 'object' && !Array.isArray(v) && !(v instanceof YamlDate)) {
        // "- key: value" then the other keys aligned under the first
        const body = yamlMapping(v, indent + '    ');
        out += `${indent}  - ${body.slice(indent.length + 4)}`;
      } else out += `${indent}  -${yamlValue(v, indent + '    ')}`;
    }
    return out;
  }
  return '\n' + yamlMapping(value, indent + '  ');
}

/**
 * A YAML 1.2 double-quoted scalar: JSON's escapes, plus DEL, C1 controls and
 * BOM, which YAML forbids raw, and LS/PS, which YAML 1.1 readers take for
 * line breaks (NEL is a C1 control).
 */
export function yamlString(s: string): string {
  return JSON.stringify(s).replace(/[\u007f-\u009f\ufeff\u2028\u2029]/g, (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

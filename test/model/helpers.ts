import { readFileSync } from 'node:fs';
import path from 'node:path';
import { buildEdition } from '../../src/model/read-tei';
import type { Block, Edition, Inline, ModelOptions, Paragraph } from '../../src/model/types';
import { parseDocument, type LoadedDocument } from '../../src/parse/load';

export function loadFixture(name: string): LoadedDocument {
  const file = path.join(__dirname, '../fixtures/model', name);
  const result = parseDocument(file, readFileSync(file));
  if (!result.document) throw new Error(`${name}: ${result.diagnostics.map((d) => d.message).join('; ')}`);
  return result.document;
}

export function build(name: string, options: ModelOptions = { mode: 'reading' }): Edition {
  return buildEdition(loadFixture(name), options);
}

/** All paragraphs, depth first. */
export function paragraphs(blocks: readonly Block[]): Paragraph[] {
  const out: Paragraph[] = [];
  for (const b of blocks) {
    if (b.kind === 'paragraph') out.push(b);
    else out.push(...paragraphs(b.children));
  }
  return out;
}

/** All inline nodes, depth first, including inside alternates and readings. */
export function allInlines(nodes: readonly Inline[]): Inline[] {
  const out: Inline[] = [];
  for (const n of nodes) {
    out.push(n);
    if (n.kind === 'alternate') out.push(...allInlines(n.edited), ...allInlines(n.transmitted));
    else if (n.kind === 'variant') for (const r of n.readings) out.push(...allInlines(r.children));
    else if ('children' in n) out.push(...allInlines(n.children));
  }
  return out;
}

export function inlinesOf(edition: Edition): Inline[] {
  const out: Inline[] = [];
  const walk = (bs: readonly Block[]): void => {
    for (const b of bs) {
      if (b.kind === 'paragraph') out.push(...allInlines(b.children));
      else {
        if (b.heading) out.push(...allInlines(b.heading));
        walk(b.children);
      }
    }
  };
  walk(edition.blocks);
  return out;
}

/** Build from a TEI string (for one-off cases); `file` decides the fallback id. */
export function buildString(xml: string, options: ModelOptions = { mode: 'reading' }, file = 'inline.xml'): Edition {
  const result = parseDocument(file, Buffer.from(xml, 'utf8'));
  if (!result.document) throw new Error(result.diagnostics.map((d) => d.message).join('; '));
  return buildEdition(result.document, options);
}

export function tei(body: string, header = '<title>T</title>', attrs = ''): string {
  return `<TEI xmlns="http://www.tei-c.org/ns/1.0"${attrs}><teiHeader><fileDesc><titleStmt>${header}</titleStmt>` +
    `<publicationStmt><p>x</p></publicationStmt><sourceDesc><p>x</p></sourceDesc></fileDesc></teiHeader>${body}</TEI>`;
}

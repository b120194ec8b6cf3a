import { readFileSync } from 'node:fs';
import path from 'node:path';
import { buildEdition } from '../../src/model/read-tei';
import type { Block, Edition, Inline, ModelOptions, Paragraph } from '../../src/model/types';
import { query, type ModelNode } from '../../src/model/walk';
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

const isInline = (n: ModelNode): n is Inline => n.kind !== 'paragraph' && n.kind !== 'container';

/** All paragraphs, depth first. */
export function paragraphs(blocks: readonly Block[]): Paragraph[] {
  return query(blocks, (n): n is Paragraph => n.kind === 'paragraph');
}

/** All inline nodes, depth first, including inside alternates and readings. */
export function allInlines(nodes: readonly Inline[]): Inline[] {
  return query(nodes, isInline, { scope: 'all' });
}

/** All inline nodes of the text (headings included, notes not), depth first, every reading included. */
export function inlinesOf(edition: Edition): Inline[] {
  return query(edition.blocks, isInline, { scope: 'all' });
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

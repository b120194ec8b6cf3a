/**
 * A glyph (<g>) as the text shows it: its own content when it has any, else
 * the character its @ref's <glyph> or <char> in charDecl gives (a mapping:
 * `standard`/`normalized` for the reading text, `diplomatic` for the
 * diplomatic one, else the first), else its name between the signs of a
 * symbol the editor describes: EpiDoc's `((leaf))`.
 */
import { attr, children, localIds, plainText } from './dom';

export interface GlyphReading {
  /** The text to print; undefined: nothing to print but the symbol's name. */
  text?: string;
  /** The name, else @type: what the apparatus calls it. */
  name?: string;
  /** The printed text is not the element's own (a mapping, or a described symbol): worth an apparatus entry. */
  changed: boolean;
}

const READING_MAPPINGS = ['standard', 'normalized', 'normalised', 'standardized', 'standardised'];
const DIPLOMATIC_MAPPINGS = ['diplomatic', 'facsimile'];

/** localProp or unicodeProp name="Name" (TEI since 3.x), else the older glyphName / charName. */
function declaredName(decl: Element): string {
  const prop = [...children(decl, 'localProp'), ...children(decl, 'unicodeProp')].find((p) => (attr(p, 'name') ?? '').toLowerCase() === 'name');
  const value = prop ? attr(prop, 'value') : undefined;
  return value?.trim() || plainText(children(decl, 'glyphName')[0] ?? children(decl, 'charName')[0]);
}

export function readGlyph(g: Element, byId: ReadonlyMap<string, Element>, mode: 'reading' | 'diplomatic'): GlyphReading {
  const decl = localIds(attr(g, 'ref'))
    .map((id) => byId.get(id))
    .find((el): el is Element => !!el && (el.localName === 'glyph' || el.localName === 'char'));
  const declName = decl ? declaredName(decl) : '';
  const name = declName || attr(g, 'type') || undefined;
  const own = g.textContent ?? '';
  if (own.trim() !== '') return { text: own, ...(name ? { name } : {}), changed: false };
  const mappings = decl ? children(decl, 'mapping') : [];
  const prefer = mode === 'diplomatic' ? DIPLOMATIC_MAPPINGS : READING_MAPPINGS;
  const mapping = mappings.find((m) => prefer.includes(attr(m, 'type') ?? '')) ?? mappings.find((m) => !attr(m, 'type')) ?? mappings[0];
  const mapped = mapping ? (mapping.textContent ?? '').trim() : '';
  if (mapped) return { text: mapped, ...(name ? { name } : {}), changed: true };
  return { ...(name ? { name } : {}), changed: true };
}

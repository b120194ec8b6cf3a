import type { SourceRef } from '../../model/types';
import { RenderError } from '../types';
import type { TypstDiagnostic } from './compiler';
import type { PBlock, PInline, Payload } from './data';

/**
 * Typst failures → RenderError against the TEI element, never a raw trace.
 *
 * Three ways back to the TEI, tried in order: the template panics naming a
 * node (`node 12: …`, an index into payload.src); the message quotes text
 * from the document (a glyph no font has), which is looked up in the data;
 * otherwise `locate` (bisection over the blocks, in index.ts) finds the
 * smallest block whose data alone makes Typst fail.
 */
export function toRenderError(
  errors: TypstDiagnostic[],
  payload: Payload,
  templateFile: string,
  located?: SourceRef,
): RenderError {
  const first = errors.find((e) => e.severity === 'error') ?? errors[0] ?? { message: 'Typst failed without a message', severity: 'error' };
  const where = first.line ? `${templateFile}:${first.line}${first.column ? `:${first.column}` : ''}` : templateFile;
  const panic = /node (-?\d+): ([\s\S]*?)"?$/.exec(first.message);
  if (panic) {
    const src = payload.src[Number(panic[1])];
    return new RenderError(`PDF: ${panic[2]}`, src, `raised by the template at ${where}`);
  }
  const glyph = /the text `"(.+?)"` could not be displayed with font `"(.+?)"`/.exec(first.message);
  if (glyph) {
    const src = findText(payload, glyph[1]) ?? located;
    const cps = [...glyph[1]].map((ch) => 'U+' + (ch.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')).join(' ');
    return new RenderError(
      `PDF: no font covers "${glyph[1]}" (${cps}); PDF/A forbids printing it as a blank box`,
      src,
      'install a font that covers this script (Typst also uses the system fonts), or encode the passage with <g>/<foreign> as the edition intends',
    );
  }
  const more = errors.length > 1 ? ` (and ${errors.length - 1} more)` : '';
  return new RenderError(
    `PDF: Typst error at ${where}: ${first.message}${more}`,
    located,
    located ? 'the TEI element named here is the smallest part of the document whose data makes the template fail' : 'the template fails on any document: check the template',
  );
}

/** The source of the innermost node whose text contains `needle`. */
export function findText(payload: Payload, needle: string): SourceRef | undefined {
  let found: number | undefined;
  const inInlines = (nodes: PInline[], s: number | undefined): boolean => {
    for (const n of nodes) {
      const here = 's' in n && n.s !== undefined ? n.s : s;
      if (n.k === 't') {
        if (n.v.includes(needle)) {
          found = s;
          return true;
        }
      } else if ('c' in n && inInlines(n.c, here)) {
        return true;
      }
    }
    return false;
  };
  const inBlocks = (blocks: PBlock[], s: number | undefined): boolean => {
    for (const b of blocks) {
      const here = b.s ?? s;
      if (b.k === 'p' ? inInlines(b.c, here) : (b.h !== null && inInlines(b.h, here)) || inBlocks(b.c, here)) return true;
    }
    return false;
  };
  if (inBlocks(payload.blocks, undefined) || Object.values(payload.notes).some((n) => inBlocks(n.c, n.s))) {
    return found !== undefined ? payload.src[found] : undefined;
  }
  for (const e of Object.values(payload.entries)) {
    if (e.p.some((part) => part.k === 'c' && inInlines(part.c, undefined))) return found !== undefined ? payload.src[found] : undefined;
  }
  return undefined;
}

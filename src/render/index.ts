import type { Edition } from '../model/types';
import { renderHtml, renderIndex } from './html';
import { renderPdf } from './pdf';
import { renderText } from './text';
import type { OutputFile, RenderOptions, Renderer } from './types';

/** The output formats, and the renderer for each. Adding a format is adding one line here. */
export const FORMATS = ['html', 'txt', 'pdf'] as const;
export type Format = (typeof FORMATS)[number];

export const renderers: Record<Format, Renderer> = {
  html: renderHtml,
  txt: renderText,
  pdf: renderPdf,
};

/** The page listing all documents of a multi-document build. */
export function renderIndexPage(editions: Edition[], options: RenderOptions): OutputFile[] {
  return renderIndex(editions, options);
}

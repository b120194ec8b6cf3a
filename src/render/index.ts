import type { Edition } from '../model/types';
import type { OutputFile, RenderOptions, Renderer } from './types';

/** The output formats, and the renderer for each. Adding a format is adding one line here. */
export const FORMATS = ['html', 'txt', 'pdf'] as const;
export type Format = (typeof FORMATS)[number];

export const renderers: Partial<Record<Format, Renderer>> = {};

/** The page listing all documents of a multi-document build, when the HTML renderer provides one. */
export let renderIndexPage: ((editions: Edition[], options: RenderOptions) => OutputFile[]) | undefined;

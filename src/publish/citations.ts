/**
 * The cite stage's citations, in the shape the renderers ask for
 * (render/types.ts `Citations`). The publish stage is where cite and render
 * meet: neither imports the other, so a change to how citations are made
 * never reaches into a writer, and a writer never decides a citation.
 */
import { citationDownloads, citationFiles } from '../cite/files';
import { citationHtml, citationText, paragraphCiter } from '../cite/format';
import { dublinCoreTags, highwireTags, jsonLd, scriptJson } from '../cite/html-meta';
import type { Citations } from '../render/types';

export const citations: Citations = {
  text: (edition, page) => citationText(edition, page),
  html: (edition, page) => citationHtml(edition, page),
  paragraphCiter: (edition, page) => paragraphCiter(edition, page),
  highwireTags: (edition, page) => highwireTags(edition, page),
  dublinCoreTags: (edition, page) => dublinCoreTags(edition, page),
  jsonLd: (edition, page) => scriptJson(jsonLd(edition, page)),
  downloads: (fileName) => citationDownloads(fileName),
  files: (edition, page) => citationFiles(edition, page),
};

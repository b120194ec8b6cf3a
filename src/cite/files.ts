import type { OutputFile } from '../output-files';
import { toBibtex, toCslJson, toRis } from './citation-js';
import { cslItem, type CitableEdition, type CiteOptions } from './csl';

/** The citation downloads offered beside a page: `<page>.bib`, `<page>.ris`, `<page>.json` (CSL-JSON). */
export interface CitationDownload {
  href: string;
  label: string;
  type: string;
}

export function citationDownloads(pageFile: string): CitationDownload[] {
  const base = pageFile.replace(/\.html$/, '');
  return [
    { href: `${base}.bib`, label: 'BibTeX', type: 'application/x-bibtex' },
    { href: `${base}.ris`, label: 'RIS', type: 'application/x-research-info-systems' },
    { href: `${base}.json`, label: 'CSL-JSON', type: 'application/vnd.citationstyles.csl+json' },
  ];
}

/** The files behind citationDownloads: each page's citation, in the format its link promises. */
export function citationFiles(edition: CitableEdition, options: CiteOptions & { fileName: string }): OutputFile[] {
  const items = [cslItem(edition, options)];
  const [bib, ris, json] = citationDownloads(options.fileName);
  return [
    { path: bib.href, data: toBibtex(items) },
    { path: ris.href, data: toRis(items) },
    { path: json.href, data: toCslJson(items) },
  ];
}

/**
 * Links from the TEI end up as href attributes in HTML and as links in PDFs.
 * Only schemes that cannot run code survive: http, https, mailto, relative
 * references and '#id' fragments. Browsers ignore ASCII whitespace and control
 * characters inside a scheme ("java\tscript:"), so the scheme is read with them
 * removed.
 */
const SAFE_SCHEMES = new Set(['http', 'https', 'mailto']);

/**
 * The longest address a PDF link may have: Typst refuses a longer one ("URL
 * is too long"), which failed the whole document. The PDF keeps such a
 * link's text without the link; the rule url-too-long says where.
 */
export const PDF_MAX_URL = 8000;

export function safeUrl(raw: string | null | undefined): string | undefined {
  if (raw == null) return undefined;
  const url = raw.trim();
  if (url === '') return undefined;
  // eslint-disable-next-line no-control-regex
  const probe = url.replace(/[\u0000-\u0020\u007f-\u009f]/g, '');
  const scheme = /^([a-zA-Z][a-zA-Z0-9+.-]*):/.exec(probe);
  if (scheme) return SAFE_SCHEMES.has(scheme[1].toLowerCase()) ? url : undefined;
  // No scheme: a relative reference. A colon before any '/', '?' or '#' would be read as a scheme by some parsers.
  const firstDelim = probe.search(/[/?#]/);
  const colon = probe.indexOf(':');
  if (colon >= 0 && (firstDelim < 0 || colon < firstDelim)) return undefined;
  // Backslashes are turned into slashes by browsers ("\\evil.example"): refuse rather than guess.
  if (probe.includes('\\')) return undefined;
  return url;
}

/** Authority files whose ids we can turn into resolvable URLs. */
export interface Authority {
  scheme: 'wikidata' | 'geonames' | 'viaf' | 'gnd';
  value: string;
  url: string;
}

export function authorityUrl(scheme: Authority['scheme'], value: string): string {
  switch (scheme) {
    case 'wikidata':
      return `https://www.wikidata.org/wiki/${value}`;
    case 'geonames':
      return `https://www.geonames.org/${value}`;
    case 'viaf':
      return `https://viaf.org/viaf/${value}`;
    case 'gnd':
      return `https://d-nb.info/gnd/${value}`;
  }
}

/** Recognise an authority URI (any of the usual spellings) and normalise it. */
export function authorityFromUri(uri: string): Authority | undefined {
  const u = uri.trim();
  let m = /^(?:https?:\/\/)?(?:www\.|m\.)?wikidata\.org\/(?:wiki|entity)\/(?:Special:EntityPage\/)?(Q\d+)/i.exec(u) ?? /^(?:wd|wikidata):(Q\d+)$/i.exec(u);
  if (m) return make('wikidata', m[1].toUpperCase());
  m = /^(?:https?:\/\/)?(?:www\.|sws\.)?geonames\.org\/(\d+)/i.exec(u);
  if (m) return make('geonames', m[1]);
  m = /^(?:https?:\/\/)?(?:www\.)?viaf\.org\/viaf\/(\d+)/i.exec(u);
  if (m) return make('viaf', m[1]);
  m = /^(?:https?:\/\/)?d-nb\.info\/gnd\/([0-9X-]+)/i.exec(u) ?? /^gnd:([0-9X-]+)$/i.exec(u);
  if (m) return make('gnd', m[1]);
  return undefined;
}

/** An idno: its @type names the scheme, its text is an id or a URI. */
export function authorityFromIdno(type: string | undefined, text: string): Authority | undefined {
  const fromUri = authorityFromUri(text);
  if (fromUri) return fromUri;
  const t = (type ?? '').toLowerCase();
  const v = text.trim();
  if (t.includes('wikidata') && /^Q\d+$/i.test(v)) return make('wikidata', v.toUpperCase());
  if (t.includes('geonames') && /^\d+$/.test(v)) return make('geonames', v);
  if (t.includes('viaf') && /^\d+$/.test(v)) return make('viaf', v);
  if ((t === 'gnd' || t.includes('gnd') || t.includes('dnb')) && /^[0-9X-]+$/i.test(v)) return make('gnd', v.toUpperCase());
  return undefined;
}

function make(scheme: Authority['scheme'], value: string): Authority {
  return { scheme, value, url: authorityUrl(scheme, value) };
}

/** xml:id cannot contain '%', so a percent-escape in a pointer can only be URI escaping of a non-ASCII id. */
export function decodeId(fragment: string): string {
  if (!fragment.includes('%')) return fragment;
  try {
    return decodeURIComponent(fragment);
  } catch {
    return fragment;
  }
}

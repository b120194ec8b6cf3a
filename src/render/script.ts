/**
 * The script and writing direction of a language tag, for every writer: the
 * PDF chooses fonts and sets right-to-left paragraphs by it, HTML writes
 * `dir`, the plain text wraps other-direction readings in Unicode isolates.
 */

/** The languages TEI editions use, with the script they are written in when the tag does not say. */
const LANG_SCRIPT: Record<string, string> = {
  he: 'Hebr', heb: 'Hebr', hbo: 'Hebr', yi: 'Hebr', yid: 'Hebr', lad: 'Hebr', arc: 'Hebr', jpa: 'Hebr',
  ar: 'Arab', ara: 'Arab', fa: 'Arab', per: 'Arab', fas: 'Arab', ur: 'Arab', urd: 'Arab', ota: 'Arab', ps: 'Arab',
  syc: 'Syrc', syr: 'Syrc', aii: 'Syrc', cld: 'Syrc',
  cop: 'Copt',
  hy: 'Armn', hye: 'Armn', arm: 'Armn', xcl: 'Armn',
  ka: 'Geor', kat: 'Geor', geo: 'Geor', oge: 'Geor',
  sa: 'Deva', san: 'Deva', hi: 'Deva', hin: 'Deva', mr: 'Deva', ne: 'Deva', pi: 'Deva', pra: 'Deva',
  th: 'Thai', tha: 'Thai',
  cu: 'Cyrs', chu: 'Cyrs', orv: 'Cyrs',
  zh: 'Hani', zho: 'Hani', chi: 'Hani', lzh: 'Hani', ja: 'Hani', jpn: 'Hani', ko: 'Hani', kor: 'Hani',
};

/** Scripts set right to left. */
const RTL_SCRIPTS = new Set(['Hebr', 'Arab', 'Syrc', 'Thaa', 'Nkoo', 'Samr', 'Mand', 'Adlm', 'Phnx', 'Armi', 'Nbat', 'Palm', 'Sarb']);

/** The script of a BCP 47 tag: its script subtag, else the language's usual script; undefined for Latin and unknown. */
export function scriptOf(tag: string | undefined): string | undefined {
  if (!tag) return undefined;
  const parts = tag.trim().split(/[-_]/);
  const sub = parts.slice(1).find((p) => /^[A-Za-z]{4}$/.test(p));
  if (sub) return sub[0].toUpperCase() + sub.slice(1).toLowerCase();
  return LANG_SCRIPT[parts[0].toLowerCase()];
}

/** 'rtl' for a tag whose script is written right to left, else 'ltr' (known) or undefined (unknown tag). */
export function directionOf(tag: string | undefined): 'rtl' | 'ltr' | undefined {
  const script = scriptOf(tag);
  if (script) return RTL_SCRIPTS.has(script) ? 'rtl' : 'ltr';
  return tag && /^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$/.test(tag.trim()) ? 'ltr' : undefined;
}


/** Letters of the right-to-left scripts (Hebrew to NKo, Samaritan, Mandaic, presentation forms, and the RTL astral blocks). */
const RTL_LETTER = /[\u0590-\u08FF\uFB1D-\uFDFF\uFE70-\uFEFF\u{10800}-\u{10FFF}\u{1E800}-\u{1EFFF}]/u;

/** The direction of the first strongly directional character (as the Unicode bidi algorithm's P2), or undefined for none. */
export function strongDirection(text: string): 'rtl' | 'ltr' | undefined {
  const m = /[\p{L}\p{M}]/u.exec(text.replace(/\p{M}/gu, ''));
  if (!m) return undefined;
  return RTL_LETTER.test(m[0]) ? 'rtl' : 'ltr';
}

/** Whether the text has a letter of a right-to-left script anywhere. */
export function hasRtl(text: string): boolean {
  return RTL_LETTER.test(text);
}

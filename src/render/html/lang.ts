import type { Edition } from '../../model/types';
import { walk } from '../../model/walk';
import { directionOf } from '../script';
import { esc } from './escape';

/**
 * TEI documents often give xml:lang as a three-letter ISO 639-2 code ("fra",
 * "ger"); BCP 47, which HTML and screen readers follow, wants the two-letter
 * code where one exists. Without the mapping a reader's speech synthesis
 * ignores the language change.
 */
const TWO_LETTER: Record<string, string> = {
  afr: 'af', alb: 'sq', sqi: 'sq', ara: 'ar', arm: 'hy', hye: 'hy', baq: 'eu', eus: 'eu', bel: 'be', bre: 'br',
  bul: 'bg', cat: 'ca', ces: 'cs', cze: 'cs', chi: 'zh', zho: 'zh', cym: 'cy', wel: 'cy', dan: 'da', deu: 'de',
  ger: 'de', dut: 'nl', nld: 'nl', ell: 'el', gre: 'el', eng: 'en', epo: 'eo', est: 'et', fas: 'fa', per: 'fa',
  fin: 'fi', fra: 'fr', fre: 'fr', geo: 'ka', kat: 'ka', gla: 'gd', gle: 'ga', glg: 'gl', heb: 'he', hin: 'hi',
  hrv: 'hr', hun: 'hu', ice: 'is', isl: 'is', ita: 'it', jpn: 'ja', kor: 'ko', lat: 'la', lav: 'lv', lit: 'lt',
  ltz: 'lb', mac: 'mk', mkd: 'mk', nor: 'no', oci: 'oc', pol: 'pl', por: 'pt', roh: 'rm', ron: 'ro', rum: 'ro',
  rus: 'ru', san: 'sa', slk: 'sk', slo: 'sk', slv: 'sl', spa: 'es', srp: 'sr', swe: 'sv', tur: 'tr', ukr: 'uk',
  yid: 'yi',
};

/** Older TEI sometimes names the language in English ("german"): the common ones are understood. */
const BY_NAME: Record<string, string> = {
  english: 'en', french: 'fr', german: 'de', italian: 'it', latin: 'la', greek: 'el', spanish: 'es', dutch: 'nl',
  portuguese: 'pt', russian: 'ru', polish: 'pl', hebrew: 'he', arabic: 'ar',
};

// A primary language subtag in use has 2 or 3 letters (5–8 are reserved and unregistered).
const BCP47_SHAPE = /^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$/;

/** A lang attribute value, or undefined when the TEI value is not a language tag at all. */
export function htmlLang(lang: string | undefined): string | undefined {
  if (!lang) return undefined;
  const tag = lang.trim();
  const named = BY_NAME[tag.toLowerCase()];
  if (named) return named;
  if (!BCP47_SHAPE.test(tag)) return undefined;
  const [primary, ...rest] = tag.split('-');
  const two = TWO_LETTER[primary.toLowerCase()];
  return two ? [two, ...rest].join('-') : tag;
}

/**
 * ` lang="…" dir="…"` for an element whose xml:lang differs from its
 * parent's: the direction goes with the language, so that a Syriac paragraph
 * in an English page is laid out right to left and a French title inside it
 * left to right. Empty for no tag or one that is not a language tag.
 */
export function langAttrs(tag: string | undefined): string {
  const lang = htmlLang(tag);
  if (!lang) return '';
  const dir = directionOf(lang);
  return ` lang="${esc(lang)}"${dir ? ` dir="${dir}"` : ''}`;
}

/**
 * The page's language: the text's (or TEI's) xml:lang; when they are
 * silent, the header's first <language>; then the language of the text's
 * own parts when they agree (the Syriac Psalms say xml:lang only on their
 * edition div); "und" only when nothing says.
 */
export function documentLang(edition: Edition): string {
  const own = htmlLang(edition.lang);
  if (own && own !== 'und') return own;
  for (const l of edition.meta.languages) {
    const tag = htmlLang(l.ident);
    if (tag && tag !== 'und') return tag;
  }
  const parts = new Set<string>();
  // The outermost blocks that say their language; a paragraph that says nothing counts as silent.
  walk(edition.blocks, (b) => {
    if (b.kind !== 'paragraph' && b.kind !== 'container') return 'skip';
    if (b.lang) parts.add(b.lang);
    else if (b.kind === 'container') return undefined;
    else parts.add('');
    return 'skip';
  });
  const only = parts.size === 1 ? htmlLang([...parts][0]) : undefined;
  return only ?? 'und';
}

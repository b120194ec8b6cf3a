/**
 * BCP 47 → what Typst's `text(lang:, region:)` accepts (an ISO 639 code of two
 * or three letters, an ISO 3166 region), or nothing. Typst rejects anything
 * else, and a TEI @xml:lang may well be "la-x-medieval" or "grc-Latn".
 */
export function typstLang(tag: string | undefined): { lang: string; region: string | null } | undefined {
  if (!tag) return undefined;
  const parts = tag.trim().toLowerCase().split(/[-_]/);
  const lang = parts[0];
  if (!/^[a-z]{2,3}$/.test(lang)) return undefined;
  const region = parts.slice(1).find((p) => /^[a-z]{2}$/.test(p));
  return { lang, region: region ? region.toUpperCase() : null };
}

/**
 * The edition as a citable item: the one place where header metadata becomes
 * citation data. Every output that cites the edition (HTML meta tags and
 * JSON-LD, "how to cite", .bib/.ris/.json/CFF, the text and the PDF) reads
 * the result, so that they can never disagree on a name, a date or a version.
 *
 * Decisions worth knowing:
 * - The edition is cited as a book, by its authors (the authors of the text
 *   edited), with its editors, version, date, publisher and URL. A digital
 *   scholarly edition is a publication of its own; the work it edits (the
 *   letter, its date and place, its addressee) is described apart (`work`).
 * - A name is split into family and given names only when the TEI says which
 *   is which (surname/forename, here or in the person entry the header points
 *   to). Otherwise a name of two to four capitalised words ("Jane Q. Editor")
 *   is read as given names + family name, the way nearly every citation
 *   manager reads it; anything else ("tei-edition project") stays one
 *   literal name. Marking <surname> removes the guess.
 * - The date cited is the date of this version (editionStmt), else the
 *   publication date, else (a letter) the date it was sent: never the clock,
 *   so builds are reproducible.
 * - A letter whose header names no author is by its sender(s), to its
 *   addressee(s), as correspDesc says.
 */
import { pageFileName } from '../output-files';
import { addressees, senders, sentDate } from './correspondence';
import type { CitationData, CitationName, Metadata, Person, Responsibility, Witness } from './types';

export interface CitationContext {
  /** The edition's main language (Edition.lang). */
  lang: string;
  witnesses: readonly Witness[];
}

/** The parts of an Edition a citation is made from. */
export interface CitableModel {
  lang: string;
  meta: Metadata;
  witnesses?: readonly Witness[];
}

/**
 * The model's citation data; a model built by hand gets it from the same
 * function the model uses. Here, below render and cite, because both read it.
 */
export function citationOf(edition: CitableModel): CitationData {
  return edition.meta.citation ?? buildCitation(edition.meta, { lang: edition.lang, witnesses: edition.witnesses ?? [] });
}

export interface EditionUrls {
  /** The page cited: baseUrl + file, else the edition's own URI. */
  page?: string;
  /** A paragraph's address: the page URL and the paragraph's anchor (the TEI xml:id). */
  paragraph(anchor: string): string | undefined;
}

export function isWebUrl(s: string | undefined): s is string {
  return !!s && /^https?:\/\/[^\s"<>]+$/i.test(s.trim());
}

/**
 * Where a citation points: the page (baseUrl + its file name, else the
 * edition's own URI) and a paragraph of it. Here, below render and cite,
 * because the page's canonical link and every citation must agree.
 */
export function editionUrls(edition: CitableModel & { id: string }, options: { baseUrl?: string; fileName?: string } = {}): EditionUrls {
  const c = citationOf(edition);
  const file = options.fileName ?? pageFileName(edition.id);
  const base = isWebUrl(options.baseUrl) ? options.baseUrl.trim() : undefined;
  const page = base ? base.replace(/\/+$/, '') + '/' + encodeURI(file) : c.uri;
  // With neither, a DOI still resolves to the page, and browsers keep a fragment across the redirect.
  const target = page ?? (c.doi ? `https://doi.org/${c.doi}` : undefined);
  return { page, paragraph: (anchor) => (target ? `${target.replace(/#.*$/, '')}#${encodeURIComponent(anchor)}` : undefined) };
}

export function buildCitation(meta: Metadata, context: CitationContext): CitationData {
  const title = meta.title.trim();
  const subtitle = meta.subtitle?.trim();
  // Names before family names existed (a work dated before 1500: "Athanasius Alexandrinus") are not split.
  const premodern = isPremodern(meta.date?.when);
  const nameOf = (p: Person): CitationName => citationName(p, premodern);
  const corr = meta.correspondence;
  // A letter's header often names no author: its sender is.
  const authors = (meta.authors.length > 0 ? meta.authors : senders(corr)).map(nameOf);
  const recipients = (meta.addressees.length > 0 ? meta.addressees : addressees(corr)).map(nameOf);
  const editors: CitationName[] = [];
  const contributors: CitationData['contributors'] = [];
  for (const r of meta.editors) {
    for (const p of peopleOf(r)) {
      // Editors are the edition's, modern whatever the work's age.
      const name = citationName(p);
      if (isEditorRole(r.role)) {
        if (!editors.some((e) => e.name === name.name)) editors.push(name);
      } else contributors.push({ role: r.role, name });
    }
  }
  const version = meta.edition?.version?.trim() || undefined;
  const statement = meta.edition?.text.trim();
  const edition = version ? `version ${version}` : statement && statement.length <= 80 ? statement : undefined;
  const isoDate = (d: string | undefined): string | undefined => (d && ISO_DATE.test(d.trim()) ? d.trim() : undefined);
  const doi = findDoi(meta.identifiers);
  const data: CitationData = {
    type: 'book',
    title: subtitle ? `${title}${/[.:?!]$/.test(title) ? '' : ':'} ${subtitle}` : title,
    shortTitle: title,
    authors,
    editors,
    contributors,
    identifiers: meta.identifiers.map((i) => ({ ...i })),
    keywords: [...meta.keywords],
    work: {
      kind: recipients.length > 0 ? 'letter' : 'text',
      title,
      authors,
      recipients,
    },
    sources: [
      ...context.witnesses.map((w) => ({ label: w.siglum || w.id, text: w.description.trim() })).filter((s) => s.text !== ''),
      ...meta.sources.map((text) => ({ text })),
    ],
  };
  if (version) data.version = version;
  if (edition) data.edition = edition;
  // Without a publication date, a letter is cited by the date it was sent: never "n.d." for a dated letter.
  const date = isoDate(meta.edition?.date) ?? isoDate(meta.pubDate) ?? (corr ? isoDate(sentDate(corr)) : undefined);
  if (date) data.date = date;
  if (meta.publisher) data.publisher = meta.publisher;
  // A web address in pubPlace (as in many digital editions) is not a place: printed
  // before the publisher it would read "example.org: Publisher".
  if (meta.pubPlace && !looksLikeAddress(meta.pubPlace)) data.publisherPlace = meta.pubPlace;
  const uri = findUri(meta.identifiers);
  if (uri) data.uri = uri;
  if (doi) data.doi = doi;
  if (meta.licence) {
    const spdx = spdxOf(meta.licence.url);
    data.licence = { text: meta.licence.text, ...(meta.licence.url ? { url: meta.licence.url } : {}), ...(spdx ? { spdx } : {}) };
  }
  const language = context.lang || meta.languages[0]?.ident;
  if (language) data.language = language;
  if (meta.date?.when && ISO_DATE.test(meta.date.when)) data.work.date = meta.date.when;
  if (meta.date?.text) data.work.dateText = meta.date.text;
  if (meta.place) data.work.place = meta.place;
  return data;
}

const ISO_DATE = /^-?\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?)?$/;

function peopleOf(r: Responsibility): Person[] {
  // Models built before `people` existed (or by hand) carry names only.
  return r.people && r.people.length === r.names.length ? r.people : r.names.map((name) => ({ name }));
}

/** The editors proper, as opposed to other responsibilities (transcription, encoding, translation). */
export function isEditorRole(role: string): boolean {
  return /^(ed\.?|eds\.?|editor|editors|edited by|editing|hrsg\.?|herausgeber(in)?|herausgegeben von|éditeur|éditrice|éditeurs|édité par|éd\.?|editore|editori|a cura di|editor científico|curator|scholarly editor|general editor)$/i.test(
    role.trim(),
  );
}

const PARTICLES = new Set(['von', 'van', 'de', 'da', 'di', 'du', 'del', 'della', 'der', 'den', 'des', 'ten', 'ter', 'le', 'la', 'dos', 'das', 'do', 'zu', 'vom', 'zum', 'zur']);
/** Words that make a name a body's, whatever its capitals. */
const BODY_WORDS =
  /\b(project|projekt|projet|library|bibliothek|bibliothèque|archives?|archiv|society|university|universität|université|institute?|institut|press|verlag|éditions|editions|museum|centre|center|zentrum|foundation|stiftung|association|committee|group|team|lab|laboratory|department|office|council|academy|akademie|académie|network|consortium|initiative|collective)\b/i;

/**
 * Before 1500: ancient and medieval names are a name and an epithet
 * (of a place, a father, a trait), not given and family names; catalogues
 * cite them whole. Negative years are BCE.
 */
function isPremodern(when: string | undefined): boolean {
  const m = when ? /^(-?)(\d{1,4})/.exec(when.trim()) : null;
  return !!m && (m[1] === '-' || Number(m[2]) < 1500);
}

/**
 * A name for citations: the TEI's own parts, else a careful guess, else one
 * literal name. `premodern`: the work is older than family names, so an
 * unmarked name is not guessed at.
 */
export function citationName(p: Person, premodern = false): CitationName {
  const name = p.name.trim();
  if (p.parts) {
    const n: CitationName = { name, family: p.parts.family, organisation: false };
    if (p.parts.given) n.given = p.parts.given;
    if (p.parts.particle) n.particle = p.parts.particle;
    return n;
  }
  if (p.organisation || BODY_WORDS.test(name)) return { name, organisation: true };
  if (premodern) return { name, organisation: false };
  const words = name.split(/\s+/).filter(Boolean);
  const capital = /^\p{Lu}[\p{L}\p{M}'’.-]*$/u;
  if (words.length >= 2 && words.length <= 4 && capital.test(words[0]) && capital.test(words[words.length - 1])) {
    let i = words.length - 1;
    while (i > 1 && PARTICLES.has(words[i - 1].toLowerCase())) i--;
    const middle = words.slice(1, words.length - 1);
    if (middle.every((w) => capital.test(w) || PARTICLES.has(w.toLowerCase()))) {
      const n: CitationName = { name, family: words[words.length - 1], given: words.slice(0, i).join(' '), organisation: false };
      if (i < words.length - 1) n.particle = words.slice(i, words.length - 1).join(' ');
      return n;
    }
  }
  return { name, organisation: false };
}

/** The edition's persistent address: an idno typed URI/URL, else any idno that is an http(s) URL but not a DOI. */
function findUri(ids: readonly { type: string; value: string }[]): string | undefined {
  const web = (v: string): boolean => /^https?:\/\/[^\s"<>]+$/i.test(v.trim()) && !DOI_URL.test(v.trim());
  const typed = ids.find((i) => /^(uri|url|purl)$/i.test(i.type.trim()) && web(i.value));
  return (typed ?? ids.find((i) => web(i.value)))?.value.trim();
}

const DOI_URL = /^https?:\/\/(dx\.)?doi\.org\//i;

function findDoi(ids: readonly { type: string; value: string }[]): string | undefined {
  for (const i of ids) {
    const v = i.value.trim().replace(/^doi:\s*/i, '').replace(DOI_URL, '');
    if ((/^doi$/i.test(i.type.trim()) || v !== i.value.trim()) && /^10\.\d{4,}\/\S+$/.test(v)) return v;
  }
  return undefined;
}

function looksLikeAddress(place: string): boolean {
  const p = place.trim();
  // A URL, or a bare host name (dots, no spaces, a final label of letters): "St. Louis" is a place.
  return /^[a-z][a-z0-9+.-]*:\/\//i.test(p) || (/^(www\.)?[\w-]+(\.[\w-]+)+(\/\S*)?$/i.test(p) && /\.[a-z]{2,}(\/|$)/i.test(p));
}

/** SPDX ids for the Creative Commons licences (CFF wants one); other licences keep their URL only. */
export function spdxOf(url: string | undefined): string | undefined {
  if (!url) return undefined;
  const cc = /^https?:\/\/(?:www\.)?creativecommons\.org\/licenses\/(by|by-sa|by-nd|by-nc|by-nc-sa|by-nc-nd)\/(1\.0|2\.0|2\.5|3\.0|4\.0)\/?(?:legalcode(?:\.[a-z-]+)?)?$/i.exec(url.trim());
  if (cc) return `CC-${cc[1].toUpperCase()}-${cc[2]}`;
  if (/^https?:\/\/(?:www\.)?creativecommons\.org\/publicdomain\/zero\/1\.0\/?(?:legalcode)?$/i.test(url.trim())) return 'CC0-1.0';
  return undefined;
}

/**
 * One HTML page per register (register-<file name>.html, beside the corpus
 * page): every entry that is a person, place, organisation, event or work,
 * with its names, dates, description and authority links (read as a
 * document's own entries are, by entityOf), and back-links to each mention
 * in each edition's page. Entries and editions are in a fixed order, so the
 * page's bytes depend on the inputs only.
 */
import path from 'node:path';
import { ENTRY_KIND } from '../model/behaviours';
import { plainText } from '../model/dom';
import { entityOf } from '../model/entities';
import { IdAllocator } from '../model/id-allocator';
import type { Entity, EntityKind } from '../model/types';
import { externalHref } from '../render/html/escape';
import { esc } from '../text/html-escape';
import type { OutputFile } from '../output-files';
import type { RegisterMention } from '../publish/manifest';
import { loadRegisters } from './load';
import { registerPageName } from './names';

/** A fixed locale, not the machine's: the page's bytes must not depend on where it is built. */
const COLLATOR = new Intl.Collator('en', { sensitivity: 'base', numeric: true });
const KIND_ORDER: readonly EntityKind[] = ['person', 'place', 'org', 'event', 'work', 'other'];
const KIND_HEADING: Record<EntityKind, string> = { person: 'Persons', place: 'Places', org: 'Organisations', event: 'Events', work: 'Works', other: 'Other entries' };

export { registerPageName };

/** `mentions`: absolute register paths. */
export async function renderRegisterPages(files: readonly string[], mentions: readonly RegisterMention[]): Promise<OutputFile[]> {
  const set = await loadRegisters(files);
  const out: OutputFile[] = [];
  for (const file of files) {
    const entries = set.byFile.get(file);
    if (!entries) continue;
    const ids = new IdAllocator(entries.keys());
    const byKind = new Map<EntityKind, Entity[]>();
    for (const e of entries.values()) {
      const kind = ENTRY_KIND[e.el.localName];
      if (!kind || (e.el.localName.startsWith('bibl') && (e.el.parentNode as Element | null)?.localName !== 'listBibl')) continue;
      const list = byKind.get(kind) ?? [];
      list.push(entityOf(e.el, kind, ids));
      byKind.set(kind, list);
    }
    const mine = mentions.filter((m) => m.register === file);
    const root = entries.values().next().value?.el.ownerDocument?.documentElement;
    const title = (root && plainText(firstTitle(root))) || path.basename(file);
    const sections: string[] = [];
    for (const kind of KIND_ORDER) {
      const list = byKind.get(kind);
      if (!list) continue;
      list.sort((a, b) => COLLATOR.compare(a.name, b.name) || (a.id < b.id ? -1 : 1));
      sections.push(`<section class="register-${kind}">\n<h2>${KIND_HEADING[kind]}</h2>\n<ul class="register-entries">\n${list.map((e) => entryHtml(e, mine.filter((m) => m.id === e.id))).join('\n')}\n</ul>\n</section>`);
    }
    const html = `<!DOCTYPE html>
<html lang="und">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(title)}</title>
<link rel="stylesheet" href="assets/edition.css">
</head>
<body class="register-page">
<main>
<p class="register-back"><a href="index.html">All editions</a></p>
<h1>${esc(title)}</h1>
${sections.join('\n')}
</main>
</body>
</html>
`;
    out.push({ path: registerPageName(file), data: html });
  }
  return out;
}

function entryHtml(e: Entity, mentions: readonly RegisterMention[]): string {
  const parts = [`<span class="index-name">${esc(e.name)}</span>`];
  if (e.dates) parts.push(` <span class="index-dates">(${esc(e.dates)})</span>`);
  if (e.altNames.length) parts.push(` <span class="index-alt">${esc(e.altNames.join('; '))}</span>`);
  if (e.description) parts.push(`<div class="index-desc">${esc(e.description)}</div>`);
  const links = e.authorities.map((a) => {
    const href = externalHref(a.url);
    return href ? `<a class="authority" href="${esc(href)}">${esc(a.scheme)}: ${esc(a.value)}</a>` : `<span class="authority">${esc(a.scheme)}: ${esc(a.value)}</span>`;
  });
  if (links.length) parts.push(`<div class="index-authorities">${links.join(' ')}</div>`);
  const sorted = [...mentions].sort((a, b) => (a.doc < b.doc ? -1 : a.doc > b.doc ? 1 : 0));
  if (sorted.length) {
    const backs = sorted.map((m) => `<li><a href="${esc(encodeURIComponent(m.doc))}.html">${esc(m.title || m.doc)}</a>: ${m.occurrences.map((o, i) => `<a class="occurrence" href="${esc(encodeURIComponent(m.doc))}.html#${esc(encodeURIComponent(o))}">${esc(m.labels[i] ?? '¶')}</a>`).join(', ')}</li>`);
    parts.push(`<ul class="register-mentions">${backs.join('')}</ul>`);
  } else parts.push('<div class="register-mentions register-unmentioned">Not mentioned in the edition.</div>');
  return `<li class="index-entry" id="${esc(e.id)}">${parts.join('')}</li>`;
}

function firstTitle(root: Element): Element | undefined {
  const t = root.getElementsByTagNameNS('http://www.tei-c.org/ns/1.0', 'title')[0];
  return t ?? undefined;
}

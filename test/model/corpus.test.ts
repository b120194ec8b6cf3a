/**
 * No lost words, on real documents from public TEI projects (../shared/corpus):
 * every word of every text node under <text> must still be in the model, in
 * reading and in diplomatic mode. Entity, bibliography and witness lists in
 * back are data: their words must be in the entities and witnesses (as a set:
 * a name given twice is one name), coordinates and identifiers excepted.
 */
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { buildEdition } from '../../src/model/read-tei';
import type { Block, Edition, Inline } from '../../src/model/types';
import { editionWords, missingWords, teiTextWords } from '../../src/model/words';
import { loadDocument, TEI_NS, type LoadedDocument } from '../../src/parse/load';
import { saySkipped, SHARED as shared } from '../shared';

const corpus = path.join(shared, 'corpus');
const files = existsSync(corpus)
  ? [
      ...readdirSync(corpus).filter((f) => f.endsWith('.xml')).map((f) => path.join(corpus, f)),
      ...(existsSync(path.join(corpus, 'casebooks/cases'))
        ? readdirSync(path.join(corpus, 'casebooks/cases')).filter((f) => f.endsWith('.xml')).map((f) => path.join(corpus, 'casebooks/cases', f))
        : []),
    ]
  : [];

if (files.length === 0) {
  saySkipped(`no corpus at ${corpus}; the no-lost-words tests on real documents did not run`);
}

const DATA_LISTS = new Set(['listPerson', 'listPlace', 'listOrg', 'listEvent', 'listBibl', 'listWit', 'listNym', 'listRelation', 'listObject']);

function inBack(el: Element): boolean {
  for (let p: Node | null = el.parentNode; p; p = p.parentNode) {
    if ((p as Element).localName === 'back' && (p as Element).namespaceURI === TEI_NS) return true;
    if ((p as Element).localName === 'text') return false;
  }
  return false;
}

const isData = (el: Element): boolean => el.namespaceURI === TEI_NS && DATA_LISTS.has(el.localName) && inBack(el);

/** Words inside the data lists of back, without coordinates and identifiers. */
function dataWords(doc: LoadedDocument): string[] {
  const lists: Element[] = [];
  const find = (el: Element): void => {
    for (let n = el.firstChild; n; n = n.nextSibling) {
      if (n.nodeType !== 1) continue;
      if (isData(n as Element)) lists.push(n as Element);
      else find(n as Element);
    }
  };
  find(doc.root);
  const out: string[] = [];
  for (const l of lists) {
    // teiTextWords looks for <text>; wrap the walk by hand.
    const walk = (el: Element): void => {
      for (let n = el.firstChild; n; n = n.nextSibling) {
        if (n.nodeType === 3) out.push(...((n as Text).data.match(/[\p{L}\p{N}\p{M}]+/gu) ?? []));
        else if (n.nodeType === 1 && !['geo', 'idno'].includes((n as Element).localName)) walk(n as Element);
      }
    };
    walk(l);
  }
  return out;
}

/** Whether a witness build cut the text somewhere (a lacuna marker stands there). */
function hasLacuna(ed: Edition): boolean {
  const inl = (nodes: readonly Inline[]): boolean => nodes.some((n) => n.kind === 'lacuna' || ('children' in n && inl(n.children)));
  const blk = (bs: readonly Block[]): boolean => bs.some((b) => (b.kind === 'paragraph' ? inl(b.children) : inl(b.heading ?? []) || blk(b.children)));
  return blk(ed.blocks);
}

function allIds(ed: Edition): string[] {
  const ids: string[] = [];
  const inl = (nodes: readonly Inline[]): void => {
    for (const n of nodes) {
      if ('id' in n && n.id) ids.push(n.id);
      if (n.kind === 'entity' && n.occurrence !== n.id) ids.push(n.occurrence);
      if (n.kind === 'alternate') {
        inl(n.edited);
        inl(n.transmitted);
      } else if (n.kind === 'variant') for (const r of n.readings) inl(r.children);
      else if ('children' in n) inl(n.children);
    }
  };
  const blk = (bs: readonly Block[]): void => {
    for (const b of bs) {
      if (b.id) ids.push(b.id);
      if (b.kind === 'paragraph') inl(b.children);
      else {
        inl(b.heading ?? []);
        blk(b.children);
      }
    }
  };
  blk(ed.blocks);
  for (const n of ed.notes) {
    ids.push(n.id);
    blk(n.children);
  }
  for (const e of ed.apparatus) ids.push(e.id);
  return ids;
}

// jest refuses an empty table: without the corpus, one skipped placeholder row (the line above says why).
const table = files.length > 0 ? files.map((f) => [path.relative(corpus, f), f]) : [['(no corpus)', '']];
(files.length > 0 ? describe.each(table) : describe.skip.each(table))('%s', (_name, file) => {
  let doc: LoadedDocument;
  beforeAll(async () => {
    const loaded = await loadDocument(file);
    if (!loaded.document) throw new Error(`not loadable: ${loaded.diagnostics[0]?.message}`);
    doc = loaded.document;
  });

  test.each(['reading', 'diplomatic'] as const)('no lost words (%s mode)', (mode) => {
    const ed = buildEdition(doc, { mode });
    const model = editionWords(ed);
    const missing = missingWords(teiTextWords(doc.doc, { skip: isData }), model);
    expect(Object.fromEntries(missing)).toEqual({});
    const have = new Set(model);
    const lostData = [...new Set(dataWords(doc))].filter((w) => !have.has(w));
    expect(lostData).toEqual([]);
  });

  test('no lost words with a witness chosen, except outside a fragmentary witness\'s extent', () => {
    const sigla = buildEdition(doc, { mode: 'reading' }).witnesses.slice(0, 3).map((w) => w.id);
    const tei = teiTextWords(doc.doc, { skip: isData });
    for (const witness of sigla) {
      const ed = buildEdition(doc, { mode: 'reading', witness });
      // A witness build shows nothing where the witness has no text (issue 14): its words are the TEI's, none invented.
      if (hasLacuna(ed)) {
        // (The edited text's model loses no word: tested above.)
        const edited = new Set(editionWords(buildEdition(doc, { mode: 'reading' })));
        expect([...new Set(editionWords(ed))].filter((w) => !edited.has(w))).toEqual([]);
      }
      else expect(Object.fromEntries(missingWords(tei, editionWords(ed)))).toEqual({});
    }
  });

  test('numbering and ids are consistent', () => {
    const ed = buildEdition(doc, { mode: 'reading' });
    expect(ed.notes.map((n) => n.n)).toEqual(ed.notes.map((_, i) => i + 1));
    expect(ed.apparatus.map((e) => e.n)).toEqual(ed.apparatus.map((_, i) => i + 1));
    const ids = allIds(ed);
    const dupes = ids.filter((id, i) => ids.indexOf(id) !== i);
    expect(dupes).toEqual([]);
    expect(ed.id).toMatch(/^[A-Za-z0-9._-]+$/);
    const known = new Set(ed.entities.map((e) => e.id));
    for (const e of ed.entities) expect(known.has(e.id)).toBe(true);
  });
});

const kant = path.join(corpus, 'teipublisher_demo_kant_rvernunft_1781_DTA_large.xml');
(existsSync(kant) ? test : test.skip)('the 3 MB Kant document models in well under a second', async () => {
  const loaded = await loadDocument(kant);
  const document = loaded.document as LoadedDocument;
  buildEdition(document, { mode: 'reading' }); // warm up the JIT
  const times: number[] = [];
  for (const mode of ['reading', 'diplomatic'] as const) {
    const t0 = performance.now();
    buildEdition(document, { mode });
    times.push(performance.now() - t0);
  }
  console.log(`Kant model build: ${times.map((t) => `${t.toFixed(0)} ms`).join(', ')}`);
  expect(Math.max(...times)).toBeLessThan(1000);
});

/**
 * buildEdition: one TEI document → one Edition model (see types.ts).
 *
 * What each element means is looked up in behaviours.ts; this file knows how
 * to turn each behaviour into model nodes. One pre-pass (entities.ts) finds
 * every xml:id, list entry, witness and targeted note; then one walk over
 * <text> builds the blocks, notes and apparatus in document order.
 *
 * Decisions worth knowing (the renderers rely on them):
 * - The reading text is decided here. For an app, `shown` is the lem; with
 *   options.witness, the reading whose @wit names that witness (the lem when
 *   none does); an app without lem shows its first reading, which is then the
 *   one marked `lemma`. For a choice, reading mode shows corr/reg/expan and
 *   diplomatic mode shows sic/orig/abbr. Deletions are visible only in
 *   diplomatic mode. Everything not shown is still in the model.
 * - Fragmentary witnesses (apparatus/extents.ts): a reading holding witStart,
 *   witEnd, lacunaStart or lacunaEnd carries Reading.fragment; an app of such
 *   events alone has no lemma and shows nothing (`shown` -1). A witness build
 *   leaves out everything outside the witness's extent, with one LacunaNode
 *   per absent stretch and block; apparatus readings and note bodies are not cut.
 * - Paragraph numbers count body paragraphs (p, ab) in document order across
 *   the whole document (across all TEI of a teiCorpus), notes excepted.
 *   Numbered paragraphs without an xml:id get a generated id `p-N`.
 * - Inline material between blocks that shows no text (pb, lb, note
 *   references, running heads) is carried to the start of the next paragraph
 *   (to the end of the last one, at the end of a scope), so no empty
 *   paragraphs appear; other inline material there becomes a paragraph of
 *   role 'other' (not numbered).
 * - Blocks met in running text (a list inside a p) are flattened into a
 *   GenericInline, separated from their neighbours by line breaks.
 * - Notes are numbered in the order of their references. A note with @target
 *   is attached at the end of the element it points to, when that is an
 *   inline element or a paragraph of the text; otherwise it stays in place.
 * - Entity lists, bibliographies and witness lists in back (and in standOff or
 *   the header) are data, not text: they become entities and witnesses.
 * - teiCorpus: each TEI becomes a section (heading: its title) and metadata
 *   comes from the corpus header.
 */
import type { LoadedDocument } from '../parse/load';
import {
  behaviourOf, emphasisStyles, entityKindFromType, gapSign, gapWording, INTERVENTIONS, levelOf, SIGNS, type Behaviour, type InterventionFacts,
} from './behaviours';
import {
  attr, CDATA_SECTION_NODE, child, children, collapse, ELEMENT_NODE, elementChildren, isTei, localIds, path,
  plainText, pointers, sanitizeId, srcOf, TEI_NS, TEXT_NODE, xmlId,
} from './dom';
import { buildEntities, buildWitnesses, entityOf, indexDocument, type DocIndex, type EntityTable } from './entities';
import type { RegisterSet } from '../registers/load';
import { addRegisterEntities, registerLinks } from '../registers/entities';
import { IdAllocator } from './id-allocator';
import { buildCitation } from './citation';
import { readMetadata } from './metadata';
import { teamIds } from './apparatus/sigla-sources';
import type {
  AlternateNode, ApparatusEntry, Block, BreakNode, Container, Edition, EditorialNode, EditorialType, EntityKind, EntityRef, GapNode, GenericInline,
  Inline, ModelOptions, Note, Paragraph, Reading, Token, VariantNode,
} from './types';
import { readGlyph } from './glyphs';
import { legendOf } from './signs';
import { authorityFromUri, safeUrl } from './urls';
import { normaliseFlow } from './whitespace';
import { showsText } from './walk';
import { normaliseApparatus } from './apparatus/normalise';
import { spanPart } from './apparatus/parts';
import { covers, fragmentsOf, isFragmentOnly, WitnessExtent } from './apparatus/extents';
import { findWitness, markBaseWitness } from './apparatus/witness-build';

/** `registers`: the edition's registers, whose entries the document's pointers may name (edition.config.json "registers"). */
export function buildEdition(document: LoadedDocument, options: ModelOptions, registers?: RegisterSet): Edition {
  const root = document.root;
  // Double-end-point and location-referenced apparatus become parallel segmentation, once, before anything is read.
  normaliseApparatus(root);
  const index = indexDocument(root);
  const links = registers ? registerLinks(root, document.file, index.ids, registers) : undefined;
  // The register entries' ids are taken before any id is made, so that no made id collides with one.
  const ids = new IdAllocator([...index.ids, ...(links?.entries.map((e) => e.entry.id) ?? [])]);
  const entities = buildEntities(index, ids);
  if (links) addRegisterEntities(entities, links, (el, kind) => entityOf(el, kind, ids));
  const witnesses = buildWitnesses(index, ids);
  markBaseWitness(root, witnesses);
  const header = child(root, 'teiHeader');
  const base = basename(document.file);
  const meta = readMetadata(header, entities, base, index.byId);
  const team = teamIds(header);
  if (team.length > 0) meta.team = team;
  // A witness build follows the witness's extent: nothing of the text outside it (see apparatus/extents.ts).
  const witness = findWitness(witnesses, options.witness);
  const extent = witness ? new WitnessExtent(root, witness, witnesses) : undefined;
  const builder = new TeiReader(options, ids, entities, index, inheritedLang(root), extent);
  const blocks = builder.documentBlocks(root);
  // A listWit group repeats its witnesses: the citation lists the witnesses once.
  meta.citation = buildCitation(meta, { lang: builder.lang, witnesses: witnesses.filter((w) => !w.members) });
  const edition: Edition = {
    id: editionId(header, root, base),
    file: document.file,
    lang: builder.lang,
    options: { ...options },
    meta,
    witnesses,
    entities: entities.list,
    blocks,
    notes: builder.notes,
    apparatus: builder.apparatus,
  };
  edition.legend = legendOf(edition);
  return edition;
}

function basename(file: string): string {
  const name = file.split(/[\\/]/).pop() ?? file;
  return name.replace(/\.[^.]*$/, '') || name;
}

/** The edition id becomes a file name: only [A-Za-z0-9._-], never '..' or empty. */
function editionId(header: Element | undefined, root: Element, base: string): string {
  const local = children(path(header, 'fileDesc', 'publicationStmt'), 'idno').find((i) => attr(i, 'type') === 'local');
  for (const candidate of [local && plainText(local), xmlId(root), base]) {
    const id = candidate ? sanitizeId(candidate) : '';
    if (id && !/^\.+$/.test(id)) return id;
  }
  return 'edition';
}

/** text/@xml:lang, else TEI/@xml:lang; for a corpus its own, else its first TEI's; 'und' when nothing says. */
function inheritedLang(root: Element): string {
  const own = attr(root, 'xml:lang');
  if (root.localName === 'teiCorpus') {
    const first = child(root, 'TEI');
    return own ?? (first ? inheritedLang(first) : 'und');
  }
  const text = child(root, 'text');
  return (text && attr(text, 'xml:lang')) ?? own ?? 'und';
}

type Base = { id?: string; lang?: string; src?: Reading['src'] };

class TeiReader {
  readonly notes: Note[] = [];
  readonly apparatus: ApparatusEntry[] = [];
  /** The main language of the document. */
  readonly lang: string;

  /** Inherited xml:lang at the current point of the walk. */
  private curLang: string;
  /** The element whose xml:lang curLang is, and the language around it: an element's own lang is compared with its parent's. */
  private langEl: Element | undefined;
  private outerLang: string;
  /** Whether what is being built shows in the reading text (not a hidden reading, deletion…). */
  private visible = true;
  private inBody = false;
  /** Inside a note body: a body there (a floatingText in a note) does not number paragraphs. */
  private inNote = false;
  /** In back, entity lists and bibliographies are data, not text. */
  private inBack = false;
  private paraCount = 0;
  private blockId: string | undefined;
  private entry: ApparatusEntry | undefined;
  /** Inline material waiting for the next paragraph (see the header comment). */
  private pending: Inline[] = [];
  private lastPara: Paragraph | undefined;
  private readonly occCount = new Map<string, number>();
  private readonly attached = new Map<Element, Element[]>();
  private readonly detached = new Set<Element>();
  private readonly emitted = new Set<Element>();
  /** Spans cut across blocks (apparatus/normalise.ts): the entry's whole lemma, and whether a witness reading replaced the span. */
  private readonly spanHeads = new Map<string, { lemma?: Reading; replaced: boolean }>();
  /**
   * The intervention whose direct parts are being read: a subst's add and
   * del, a restore's del are recorded by its entry, not by their own; the
   * del a restore cancels shows in the reading text.
   */
  private partOf: EditorialType | undefined;
  private readonly byId: ReadonlyMap<string, Element>;
  /** Transcriptions (sourceDoc…) already printed where a divGen asked for them. */
  private readonly generated = new Set<Element>();

  constructor(
    private readonly options: ModelOptions,
    private readonly ids: IdAllocator,
    private readonly entities: EntityTable,
    index: DocIndex,
    lang: string,
    private readonly extent?: WitnessExtent,
  ) {
    this.lang = lang;
    this.curLang = lang;
    this.outerLang = lang;
    this.byId = index.byId;
    this.planTargetedNotes(index);
  }

  // ------------------------------------------------------------ document skeleton

  documentBlocks(root: Element): Block[] {
    const out: Block[] = [];
    if (root.localName === 'teiCorpus') this.corpus(root, out);
    else {
      const text = child(root, 'text');
      if (text) for (const x of this.textBlocks(text)) out.push(x);
    }
    this.flushPending(out);
    // A note pointing into material that is not text (a list entry in back, say) is still a note.
    const orphans = [...this.detached].filter((n) => !this.emitted.has(n));
    if (orphans.length > 0) {
      for (const x of orphans.flatMap((n) => this.noteOf(n))) this.pending.push(x);
      this.flushPending(out);
    }
    return out;
  }

  private corpus(el: Element, out: Block[]): void {
    for (const c of elementChildren(el)) {
      if (!isTei(c)) continue;
      if (c.localName === 'TEI' || c.localName === 'teiCorpus') {
        const section: Container = { kind: 'container', role: 'section', children: [], ...this.base(c) };
        const title = plainText(path(c, 'teiHeader', 'fileDesc', 'titleStmt', 'title'));
        if (title) section.heading = [{ kind: 'text', text: title }];
        const saved = this.curLang;
        this.curLang = attr(c, 'xml:lang') ?? saved;
        if (c.localName === 'TEI') {
          const text = child(c, 'text');
          if (text) for (const x of this.textBlocks(text)) section.children.push(x);
        } else this.corpus(c, section.children);
        this.curLang = saved;
        out.push(section);
      }
    }
  }

  /** text: front, body (or group), back. */
  private textBlocks(text: Element): Block[] {
    const out: Block[] = [];
    this.withLang(text, () => {
      this.walkBlocks(text, out);
    });
    return out;
  }

  /** front, body, back, group, text where they occur (also inside floatingText). */
  private structural(el: Element, out: Block[]): void {
    const saved = { inBody: this.inBody, inBack: this.inBack };
    switch (el.localName) {
      case 'body':
        this.inBody = true;
        this.inBack = false;
        this.withLang(el, () => this.walkBlocks(el, out));
        break;
      case 'front':
      case 'back': {
        this.inBody = false;
        this.inBack = el.localName === 'back';
        pushBlock(out, this.containerOf(el, el.localName === 'back' ? 'back' : 'front'));
        break;
      }
      case 'group':
        pushBlock(out, this.containerOf(el, 'other'));
        break;
      case 'text': {
        const section: Container = { kind: 'container', role: 'section', children: [], ...this.base(el) };
        const type = attr(el, 'type');
        if (type) section.type = type;
        section.children = this.textBlocks(el);
        out.push(section);
        break;
      }
    }
    this.inBody = saved.inBody;
    this.inBack = saved.inBack;
  }

  // ------------------------------------------------------------ blocks

  /** Children of `el` in block context. `skip`: an element already used (a container's heading). */
  private walkBlocks(el: Element, out: Block[], skip?: Element): void {
    let run: Inline[] = [];
    for (let n = el.firstChild; n; n = n.nextSibling) {
      if (n.nodeType === TEXT_NODE || n.nodeType === CDATA_SECTION_NODE) {
        if (this.cutOut(n, run)) continue;
        const t = collapse((n as CharacterData).data);
        if (t !== '') run.push({ kind: 'text', text: t });
        continue;
      }
      if (n.nodeType !== ELEMENT_NODE || n === skip) continue;
      const c = n as Element;
      const beh = behaviourOf(c, TEI_NS);
      if (this.isBlockHere(c, beh)) {
        this.flushRun(run, out);
        run = [];
        this.blockOf(c, beh, out);
        // Inline material after a block is a block of its own: it gets its own lacuna marker.
        this.extent?.newBlock();
      } else if (!this.cutOut(c, run)) for (const x of this.inlineOf(c, beh)) run.push(x);
      if (this.extent?.holds(c)) this.extent.passed(c);
    }
    this.flushRun(run, out);
  }

  /**
   * In a witness build, where the witness has no text: leave `n` out (its
   * words are not the witness's), with the lacuna marker once per stretch and
   * block. An element holding one of the witness's markers is read all the same.
   */
  private cutOut(n: Node, out: Inline[]): boolean {
    const ext = this.extent;
    if (!ext?.cutting || ext.holds(n)) return false;
    const words = n.nodeType === ELEMENT_NODE || ((n.nodeType === TEXT_NODE || n.nodeType === CDATA_SECTION_NODE) && collapse((n as CharacterData).data).trim() !== '');
    if (words) {
      const marker = ext.lacuna();
      // Set apart from the words around it (normaliseFlow keeps one space where two meet).
      if (marker) out.push({ kind: 'text', text: ' ' }, marker, { kind: 'text', text: ' ' });
    }
    return true;
  }

  /** Readings of an apparatus entry and note bodies are not cut by a witness's extent. */
  private uncut<T>(fn: () => T): T {
    if (!this.extent) return fn();
    this.extent.suspended++;
    try {
      return fn();
    } finally {
      this.extent.suspended--;
    }
  }

  private isBlockHere(el: Element, beh: Behaviour): boolean {
    const level = levelOf(beh);
    if (level !== 'inline') return true;
    if (beh.b !== 'generic') return false;
    // An element the table does not know: a block if it holds blocks or any text of its own.
    if (elementChildren(el).some((c) => levelOf(behaviourOf(c, TEI_NS)) === 'block')) return true;
    return (el.textContent ?? '').trim() !== '';
  }

  /** Inline material met between blocks: a paragraph if it shows text, else carried forward. */
  private flushRun(run: Inline[], out: Block[]): void {
    if (run.length === 0) return;
    if (showsText(run)) {
      // Breaks and page furniture after the last words belong with what follows (the next page).
      let end = run.length;
      while (end > 0 && (isBlank(run[end - 1]) || run[end - 1].kind === 'break' || (run[end - 1].kind === 'generic' && (run[end - 1] as GenericInline).hidden))) end--;
      const p: Paragraph = { kind: 'paragraph', role: 'other', children: [...this.pending, ...run.slice(0, end)] };
      this.pending = run.slice(end).filter((n) => !isBlank(n));
      normaliseFlow(p.children);
      out.push(p);
      this.lastPara = p;
      return;
    }
    for (const node of run) if (!isBlank(node)) this.pending.push(node);
  }

  /** Put carried-forward material at the end of the last paragraph of the scope, or in a paragraph of its own. */
  private flushPending(out: Block[]): void {
    if (this.pending.length === 0) return;
    if (this.lastPara) for (const x of this.pending) this.lastPara.children.push(x);
    else out.push({ kind: 'paragraph', role: 'other', children: [...this.pending] });
    this.pending = [];
  }

  private blockOf(el: Element, beh: Behaviour, out: Block[]): void {
    this.withLang(el, () => {
      switch (beh.b) {
        case 'structure':
          this.structural(el, out);
          return;
        case 'section':
          pushBlock(out, this.containerOf(el, 'section'));
          return;
        case 'container':
          pushBlock(out, this.containerOf(el, beh.role));
          return;
        case 'figure':
          pushBlock(out, this.containerOf(el, 'other'));
          return;
        case 'generated': {
          const c = this.containerOf(el, 'other');
          const source = pointers(attr(el, 'corresp') ?? attr(el, 'target'))
            .map((id) => this.byId.get(id))
            .find((t): t is Element => !!t && isTei(t) && TRANSCRIPTIONS.has(t.localName));
          // Asked for twice (a diplomatic and a critical view of one sourceDoc), it is printed once: the mode decides which forms show.
          if (source && !this.generated.has(source)) {
            this.generated.add(source);
            this.withLang(source, () => this.walkBlocks(source, c.children));
          }
          pushBlock(out, c);
          return;
        }
        case 'paragraph':
          out.push(this.paragraphOf(el, beh.role));
          return;
        case 'heading':
          out.push(this.paragraphOf(el, 'heading'));
          return;
        case 'quote':
          // cit = quote + bibl: the cit is the quotation container, its quote adds no level.
          if (el.localName === 'quote' && isTei(el.parentNode as Element, 'cit')) this.walkBlocks(el, out);
          else pushBlock(out, this.containerOf(el, 'quotation'));
          return;
        case 'citation': {
          const p = this.newParagraph(el, 'other', false);
          for (const x of this.citationOf(el)) p.children.push(x);
          this.finishParagraph(p, el);
          out.push(p);
          return;
        }
        case 'data':
          if (!this.inBack) pushBlock(out, this.containerOf(el, 'list'));
          return;
        case 'omit':
          return;
        default: {
          // An unknown element at block level.
          if (elementChildren(el).some((c) => levelOf(behaviourOf(c, TEI_NS)) === 'block')) pushBlock(out, this.containerOf(el, 'other'));
          else out.push(this.paragraphOf(el, 'other'));
        }
      }
    });
  }

  private containerOf(el: Element, role: Container['role']): Container {
    const c: Container = { kind: 'container', role, children: [], ...this.base(el) };
    const type = attr(el, 'type');
    if (type && role !== 'front' && role !== 'back') c.type = type;
    const head = child(el, 'head');
    if (head) {
      const saved = this.blockId;
      this.blockId = undefined;
      this.extent?.newBlock();
      c.heading = normaliseFlow([...this.withLang(head, () => this.inlines(head)), ...this.attachedRefs(head)]);
      this.blockId = saved;
    }
    this.walkBlocks(el, c.children, head);
    return c;
  }

  private newParagraph(el: Element, role: Paragraph['role'], numbered: boolean): Paragraph {
    const p: Paragraph = { kind: 'paragraph', role, children: [], ...this.base(el) };
    const n = attr(el, 'n');
    if (n) p.n = n;
    if (numbered && role === 'paragraph' && this.inBody && !this.inNote) {
      p.number = ++this.paraCount;
      p.id ??= this.ids.make(`p-${p.number}`);
    }
    for (const x of this.pending) p.children.push(x);
    this.pending = [];
    this.extent?.newBlock();
    return p;
  }

  private finishParagraph(p: Paragraph, el: Element): void {
    for (const x of this.attachedRefs(el)) p.children.push(x);
    normaliseFlow(p.children);
    this.lastPara = p;
  }

  private paragraphOf(el: Element, role: Paragraph['role']): Paragraph {
    const p = this.newParagraph(el, role, true);
    const saved = this.blockId;
    this.blockId = p.id;
    for (const x of this.inlines(el)) p.children.push(x);
    this.blockId = saved;
    this.finishParagraph(p, el);
    return p;
  }

  /** Blocks of a note body: a scope of its own for carried-forward material and numbering. */
  private scopedBlocks(el: Element): Block[] {
    const saved = {
      pending: this.pending, lastPara: this.lastPara, inBody: this.inBody, inNote: this.inNote, visible: this.visible,
      blockId: this.blockId, entry: this.entry,
    };
    this.inNote = true;
    this.pending = [];
    this.lastPara = undefined;
    this.inBody = false;
    this.visible = true;
    this.blockId = undefined;
    this.entry = undefined;
    const out: Block[] = [];
    this.uncut(() => this.walkBlocks(el, out));
    this.flushPending(out);
    Object.assign(this, saved);
    return out;
  }

  // ------------------------------------------------------------ inlines

  /** Children of `el` in running text; blocks met here are flattened. */
  private inlines(el: Element): Inline[] {
    const out: Inline[] = [];
    for (let n = el.firstChild; n; n = n.nextSibling) {
      if (this.cutOut(n, out)) continue;
      if (n.nodeType === TEXT_NODE || n.nodeType === CDATA_SECTION_NODE) {
        const t = collapse((n as CharacterData).data);
        if (t !== '') out.push({ kind: 'text', text: t });
        continue;
      }
      if (n.nodeType !== ELEMENT_NODE) continue;
      const c = n as Element;
      const beh = behaviourOf(c, TEI_NS);
      const nodes = this.inlineOf(c, beh);
      if (levelOf(beh) === 'block' && nodes.length > 0) {
        // Keep the words of neighbouring blocks apart: "<item>a</item><item>b</item>" is not "ab".
        if (out.length > 0 && out[out.length - 1].kind !== 'break') out.push(separator());
        for (const x of nodes) out.push(x);
        out.push(separator());
      } else for (const x of nodes) out.push(x);
      if (this.extent?.holds(c)) this.extent.passed(c);
    }
    const last = out[out.length - 1];
    if (last && last.kind === 'break' && !last.src) out.pop();
    return out;
  }

  private inlineOf(el: Element, beh: Behaviour): Inline[] {
    if (this.detached.has(el)) return [];
    const nodes = this.withLang(el, () => this.inlineNodes(el, beh));
    if (this.attached.has(el)) for (const x of this.attachedRefs(el)) nodes.push(x);
    return nodes;
  }

  private inlineNodes(el: Element, beh: Behaviour): Inline[] {
    const base = this.base(el);
    switch (beh.b) {
      case 'emphasis': {
        const styles = emphasisStyles(el);
        if (styles.length === 0) styles.push(beh.style ?? 'other');
        let children = this.inlines(el);
        for (let i = styles.length - 1; i > 0; i--) children = [{ kind: 'emphasis', style: styles[i], children }];
        return [{ kind: 'emphasis', style: styles[0], children, ...base }];
      }
      case 'title': {
        const ref = localIds(attr(el, 'ref')).find((id) => this.entities.byId.has(id));
        const level = attr(el, 'level');
        return [{ kind: 'title', ...(level ? { level } : {}), ...(ref ? { ref } : {}), children: this.inlines(el), ...base }];
      }
      case 'entity':
        return [this.entityOf(el, beh.kind, beh.needsRef ?? false, base)];
      case 'date': {
        const node: Inline = { kind: 'date', children: this.inlines(el), ...base };
        for (const a of ['when', 'from', 'to', 'notBefore', 'notAfter'] as const) {
          const v = attr(el, a) ?? attr(el, `${a}-iso`);
          if (v) node[a] = v;
        }
        return [node];
      }
      case 'link': {
        const href = safeUrl(attr(el, 'target')?.trim().split(/\s+/)[0]);
        const children = this.inlines(el);
        if (!href) return [this.generic(el, children, base)];
        // A ptr (or an empty ref) has no text of its own: its target is what there is to show.
        if (children.length === 0) children.push({ kind: 'text', text: href });
        return [{ kind: 'link', href, children, ...base }];
      }
      case 'foreign':
        return [{ kind: 'foreign', ...base, lang: attr(el, 'xml:lang') ?? base.lang ?? 'und', children: this.inlines(el) }];
      case 'quote': {
        const sources = localIds(attr(el, 'source')).filter((id) => this.entities.byId.has(id));
        return [{ kind: 'quote', sources, children: this.inlines(el), ...base }];
      }
      case 'citation':
        return this.citationOf(el);
      case 'alternate':
        return this.alternateOf(el, base);
      case 'variant':
        return this.variantOf(el, base);
      case 'editorial':
        return [this.interventionOf(el, beh.type, base)];
      case 'gap':
        return [this.gapOf(el, base)];
      case 'space':
        return [{ kind: 'text', text: ' ' }];
      case 'break': {
        const node: BreakNode = { kind: 'break', type: beh.type, ...base };
        const n = attr(el, 'n');
        if (n) node.n = n;
        if (attr(el, 'break') === 'no') node.joins = true;
        return [node];
      }
      case 'note':
        return this.noteOf(el);
      case 'hidden': {
        const children = this.whileVisible(false, () => this.inlines(el));
        return [{ kind: 'generic', role: roleOf(el), hidden: true, children, ...base }];
      }
      case 'omit':
        return [];
      default:
        // Structure, blocks in running text, data in running text, unknown elements: text kept, flattened.
        return [this.generic(el, this.inlines(el), base)];
    }
  }

  private generic(el: Element, children: Inline[], base: Base): Inline {
    const join = el.namespaceURI === TEI_NS && (el.localName === 'w' || el.localName === 'pc') ? tokenJoin(el) : undefined;
    // An element in another language is at least a foreign span.
    if (base.lang && el.localName !== 'foreign') return { kind: 'foreign', ...base, lang: base.lang, children, ...(join ? { join } : {}) };
    return { kind: 'generic', role: roleOf(el), children, ...base, ...(join ? { join } : {}) };
  }

  private citationOf(el: Element): Inline[] {
    const refs = [...localIds(attr(el, 'ref')), ...localIds(attr(el, 'corresp')), ...localIds(attr(el, 'sameAs'))];
    const own = xmlId(el);
    if (own) refs.push(own);
    const resolved = [...new Set(refs.filter((id) => this.entities.byId.has(id)))];
    return [{ kind: 'citation', refs: resolved, children: this.inlines(el), ...this.base(el) }];
  }

  private gapOf(el: Element, base: Base): Inline {
    const reason = [attr(el, 'reason'), plainText(child(el, 'desc')) || undefined].filter((x) => x).join(': ');
    let extent = attr(el, 'extent');
    const quantity = attr(el, 'quantity');
    const unit = attr(el, 'unit');
    if (!extent && quantity) extent = unit ? `${quantity} ${unit}` : quantity;
    if (!extent && (attr(el, 'atLeast') || attr(el, 'atMost'))) {
      extent = `${attr(el, 'atLeast') ?? '?'}–${attr(el, 'atMost') ?? '?'}${unit ? ` ${unit}` : ''}`;
    }
    const node: GapNode = { kind: 'gap', ...(reason ? { reason } : {}), ...(extent ? { extent } : {}), signs: gapSign(attr(el, 'reason')), ...base };
    if (this.inVariantReading()) return node;
    const entry = this.newEntry(el, 'intervention');
    entry.type = 'gap';
    const label = gapWording(attr(el, 'reason'), extent);
    // The editor's form is the sign, with no text; the source has nothing legible there.
    entry.readings = [
      { wits: [], resp: localIds(attr(el, 'resp')), lemma: true, editorial: true, children: [], src: srcOf(el) },
      { wits: [], resp: [], lemma: false, editorial: false, children: [], label, src: srcOf(el) },
    ];
    node.entry = entry.id;
    return node;
  }

  // ------------------------------------------------------------ interventions

  /**
   * An intervention (behaviours.ts INTERVENTIONS): the node shows its content
   * with the signs of this mode, and, where the table says so, is an
   * apparatus entry with the editor's form (`editorial`, resp from @resp) and
   * the source's form (`editorial: false`, no wits: the apparatus view names
   * the base witness), each with the wording the apparatus prints.
   */
  private interventionOf(el: Element, type: EditorialType, base: Base): EditorialNode {
    const rule = INTERVENTIONS[type];
    const mode = this.options.mode;
    // A part of the enclosing intervention (see partOf) is recorded by that intervention's entry.
    const whole = this.partOf;
    const part = (whole === 'substitution' && (type === 'added' || type === 'deleted')) || (whole === 'restored' && type === 'deleted');
    const cancelled = whole === 'restored' && type === 'deleted' && mode === 'reading';
    const shows = rule[mode].shows || cancelled;
    const reason = attr(el, 'reason') ?? attr(el, 'agent') ?? attr(el, 'cause');
    const node: EditorialNode = { kind: 'editorial', type, visible: shows, ...(reason ? { reason } : {}), children: [], ...base };
    const signs = shows && !cancelled ? rule[mode].signs : undefined;
    if (signs) node.signs = signs;
    const facts: InterventionFacts = {
      ...(reason ? { reason } : {}),
      ...(attr(el, 'place') ? { place: attr(el, 'place') } : {}),
      ...(attr(el, 'rend') ? { rend: attr(el, 'rend') } : {}),
    };
    const hand = localIds(attr(el, 'hand') ?? attr(el, 'new'))[0];
    if (hand) facts.hand = hand;
    if (type === 'glyph') {
      const glyph = readGlyph(el, this.byId, mode);
      if (glyph.name) facts.name = glyph.name;
      if (glyph.text !== undefined) node.children = [{ kind: 'text', text: glyph.text }];
      else {
        node.children = [{ kind: 'text', text: glyph.name ?? 'symbol' }];
        node.signs = SIGNS.symbol;
      }
      if (glyph.changed && !this.inVariantReading()) node.entry = this.interventionEntry(el, type, node.children, node.children, facts, true).id;
      return node;
    }
    const entry = rule.entry === true && !part && !this.inVariantReading() ? this.newEntry(el, 'intervention') : undefined;
    const build = (): Inline[] => {
      if (type === 'hand-shift') return [];
      const saved = this.partOf;
      this.partOf = type === 'substitution' || type === 'restored' ? type : undefined;
      try {
        return this.whileVisible(shows, () => this.inlines(el));
      } finally {
        this.partOf = saved;
      }
    };
    node.children = entry ? this.inEntry(entry, build) : build();
    if (entry) {
      // subst: the editor's form is what was added, the source's what was deleted.
      const parts = (t: EditorialType): Inline[] =>
        node.children.filter((c): c is EditorialNode => c.kind === 'editorial' && c.type === t).flatMap((c) => c.children);
      const edited = type === 'substitution' ? parts('added') : node.children;
      const transmitted = type === 'substitution' ? parts('deleted') : node.children;
      this.fillIntervention(entry, el, type, edited, transmitted, facts, shows);
      node.entry = entry.id;
    }
    return node;
  }

  /**
   * Inside a lem or rdg, an intervention is part of what that witness (or the
   * editor) reads there: the variant's entry reports it, signs and all
   * ("⟦vary⟧ E"), and it makes no entry of its own.
   */
  private inVariantReading(): boolean {
    return this.entry?.kind === 'variant';
  }

  private interventionEntry(
    el: Element, type: EditorialType, edited: Inline[], transmitted: Inline[], facts: InterventionFacts, shows: boolean,
  ): ApparatusEntry {
    const entry = this.newEntry(el, 'intervention');
    this.fillIntervention(entry, el, type, edited, transmitted, facts, shows);
    return entry;
  }

  /**
   * The lemma is the form the text shows: the editor's where it has the
   * shown words (supplied text, in both texts) or the text shows nothing
   * (a deletion, in the reading text); the source's where only it has them
   * (a surplus); where both have them (an addition), the editor's in the
   * reading text and the source's in the diplomatic one.
   */
  private fillIntervention(
    entry: ApparatusEntry, el: Element, type: EditorialType, edited: Inline[], transmitted: Inline[], facts: InterventionFacts, shows: boolean,
  ): void {
    const rule = INTERVENTIONS[type];
    entry.type = type;
    const src = srcOf(el);
    const diplomatic = this.options.mode === 'diplomatic';
    const editorIsLemma = diplomatic
      ? shows && rule.editedHasContent && !rule.transmittedHasContent
      : !shows || rule.editedHasContent || !rule.transmittedHasContent;
    const source: Reading = {
      wits: [], resp: [], lemma: !editorIsLemma, editorial: false, children: rule.transmittedHasContent ? transmitted : [], src,
    };
    const sourceLabel = rule.transmitted?.(facts);
    if (sourceLabel) source.label = sourceLabel;
    // A change of hand is a fact about the source alone: one reading, the lemma.
    if (type === 'hand-shift') {
      source.lemma = true;
      entry.readings = [source];
      return;
    }
    const editor: Reading = {
      wits: [], resp: localIds(attr(el, 'resp')), lemma: editorIsLemma, editorial: true, children: rule.editedHasContent ? edited : [], src,
    };
    const editorLabel = rule.edited?.(facts);
    if (editorLabel) editor.label = editorLabel;
    entry.readings = [editor, source];
  }

  // ------------------------------------------------------------ entities

  private entityOf(el: Element, kind: EntityKind | undefined, needsRef: boolean, base: Base): Inline {
    let entityKind = kind ?? entityKindFromType(attr(el, 'type'));
    const refs = this.resolveRefs(el, entityKind);
    if (needsRef && refs.length === 0) return this.generic(el, this.inlines(el), base);
    if (entityKind === 'other' && refs.length > 0) entityKind = this.entities.byId.get(refs[0])?.kind ?? 'other';
    const key = refs[0] ?? '';
    const k = (this.occCount.get(key) ?? 0) + 1;
    this.occCount.set(key, k);
    const occurrence = base.id ?? this.ids.make(key ? `occ-${sanitizeId(key)}-${k}` : `occ-${k}`);
    if (this.visible) for (const r of refs) this.entities.byId.get(r)?.occurrences.push(occurrence);
    const node: EntityRef = { kind: 'entity', entityKind, refs, occurrence, children: this.inlines(el), ...base };
    return node;
  }

  /** @ref pointers to list entries; authority URIs resolve to the entry with that authority id, or to a new entity. */
  private resolveRefs(el: Element, kind: EntityKind): string[] {
    const out: string[] = [];
    for (const tok of [...pointers(attr(el, 'ref')), ...pointers(attr(el, 'sameAs'))]) {
      let id: string | undefined;
      // An alias (a prefixed pointer into a register) names its entity by the entity's id.
      if (this.entities.byId.has(tok)) id = this.entities.byId.get(tok)!.id;
      else {
        const auth = authorityFromUri(tok);
        if (auth) {
          const key = `${auth.scheme}:${auth.value}`;
          let entity = this.entities.byAuthority.get(key);
          if (!entity) {
            entity = {
              id: this.ids.make(sanitizeId(`${auth.scheme}-${auth.value}`)), kind, name: plainText(el) || auth.value, altNames: [],
              authorities: [{ scheme: auth.scheme, value: auth.value, url: auth.url }], occurrences: [], src: srcOf(el),
            };
            this.entities.list.push(entity);
            this.entities.byId.set(entity.id, entity);
            this.entities.byAuthority.set(key, entity);
          }
          id = entity.id;
        }
      }
      if (id && !out.includes(id)) out.push(id);
    }
    return out;
  }

  // ------------------------------------------------------------ apparatus

  private newEntry(el: Element, kind: ApparatusEntry['kind']): ApparatusEntry {
    const n = this.apparatus.length + 1;
    // Always generated: the app's own xml:id is the anchor of its node in the text, and the two must differ.
    const entry: ApparatusEntry = { id: this.ids.make(`app-${n}`), n, kind, nested: [], readings: [], src: srcOf(el) };
    const type = attr(el, 'type');
    if (type) entry.type = type;
    if (this.blockId) entry.block = this.blockId;
    this.entry?.nested.push(entry.id);
    this.apparatus.push(entry);
    return entry;
  }

  /** Build `fn` as the content of an apparatus entry (so that entries inside it are nested). */
  private inEntry<T>(entry: ApparatusEntry, fn: () => T): T {
    const saved = this.entry;
    this.entry = entry;
    try {
      return fn();
    } finally {
      this.entry = saved;
    }
  }

  private variantOf(el: Element, base: Base): Inline[] {
    const part = spanPart(el);
    if (part?.kind === 'continuation') return this.continuationOf(el, part.key, part.gap);
    const parts: { el: Element; group?: string }[] = [];
    const extras: Element[] = [];
    const collect = (parent: Element, group: string | undefined): void => {
      for (const c of elementChildren(parent)) {
        if (isTei(c, 'lem') || isTei(c, 'rdg')) parts.push(group ? { el: c, group } : { el: c });
        else if (isTei(c, 'rdgGrp')) collect(c, attr(c, 'type') ?? group);
        else extras.push(c);
      }
    };
    collect(el, undefined);
    if (parts.length === 0) return [this.generic(el, this.inlines(el), base)];
    // Readings that only say where a witness begins or ends (apparatus/extents.ts) are no text to adopt;
    // an app made only of them has no lemma and shows nothing in the text (shown -1).
    const fragments = parts.map((p) => fragmentsOf(p.el));
    const eventsOnly = parts.map((p, i) => isFragmentOnly(p.el, fragments[i]));
    const noLemma = eventsOnly.every((x) => x);
    const lemIndex = noLemma ? -1 : parts.findIndex((p) => p.el.localName === 'lem');
    const adopted = noLemma ? -1 : lemIndex >= 0 ? lemIndex : eventsOnly.indexOf(false);
    let shown = adopted;
    const witness = this.options.witness?.replace(/^#/, '');
    // An entry without a place in the text cannot be applied in a witness build (app-location-unresolved says so).
    if (witness && !noLemma && part?.kind !== 'unplaced') {
      const names = this.extent?.names ?? new Set([witness]);
      const i = parts.findIndex((p) => covers(localIds(attr(p.el, 'wit')), names));
      if (i >= 0) shown = i;
    }
    const entry = this.newEntry(el, 'variant');
    const readings = this.uncut(() => this.inEntry(entry, () =>
      parts.map((p, i): Reading => {
        const wits = localIds(attr(p.el, 'wit'));
        const resp = localIds(attr(p.el, 'resp'));
        const r: Reading = {
          wits, resp,
          lemma: p.el.localName === 'lem' ? !noLemma : lemIndex < 0 && i === adopted,
          editorial: resp.length > 0 && wits.length === 0,
          children: this.withLang(p.el, () => this.whileVisible(i === shown, () => this.inlines(p.el))),
          src: srcOf(p.el),
        };
        const type = attr(p.el, 'type');
        const cause = attr(p.el, 'cause');
        const lang = attr(p.el, 'xml:lang');
        if (lang && lang !== this.curLang) r.lang = lang;
        if (type) r.type = type;
        if (cause) r.cause = cause;
        if (p.group) r.group = p.group;
        if (fragments[i].length > 0) r.fragment = fragments[i];
        return r;
      }),
    ));
    entry.readings = readings;
    const node: VariantNode = { kind: 'variant', entry: entry.id, readings, shown, ...base };
    if (part?.kind === 'unplaced') node.readings = readings.map((r, i) => (i === shown ? { ...r, children: [] } : r));
    if (part?.kind === 'first') {
      // The entry's lemma is the whole span: the continuations add their words to this copy.
      entry.readings = readings.map((r) => (r.lemma ? { ...r, children: [...r.children] } : r));
      this.spanHeads.set(part.key, { lemma: entry.readings.find((r) => r.lemma), replaced: shown !== adopted });
    }
    // Notes, witDetail and stray text inside app stand right after it in the text.
    const after = extras.flatMap((c) => this.inlineOf(c, behaviourOf(c, TEI_NS)));
    return [node, ...after];
  }

  /** A further piece of a span cut across blocks: base text, hidden where a witness's reading replaced the span. */
  private continuationOf(el: Element, key: string, gap: boolean): Inline[] {
    const head = this.spanHeads.get(key);
    const lem = child(el, 'lem');
    const hidden = head?.replaced ?? false;
    const nodes = lem ? this.withLang(lem, () => this.whileVisible(!hidden, () => this.inlines(lem))) : [];
    if (head?.lemma) head.lemma.children.push(...(gap ? [{ kind: 'text' as const, text: ' ' }] : []), ...nodes);
    return hidden ? [] : nodes;
  }

  private alternateOf(el: Element, base: Base): Inline[] {
    const kids = elementChildren(el);
    const edited = kids.filter((c) => isTei(c) && EDITED[c.localName] !== undefined);
    const transmitted = kids.filter((c) => isTei(c) && TRANSMITTED.has(c.localName));
    const others = kids.filter((c) => !edited.includes(c) && !transmitted.includes(c));
    if (edited.length === 0 || others.length > 0) return this.alternatives(el, kids, base);
    const entry = this.newEntry(el, 'intervention');
    const type = EDITED[edited[0].localName];
    entry.type = type;
    const shown: AlternateNode['shown'] = this.options.mode === 'diplomatic' && transmitted.length > 0 ? 'transmitted' : 'edited';
    const build = (c: Element, show: boolean): Inline[] => this.withLang(c, () => this.whileVisible(show, () => this.formOf(c)));
    const node = this.inEntry(entry, (): AlternateNode => {
      const editedForms = edited.map((c, i) => build(c, i === 0 && shown === 'edited'));
      const transmittedForms = transmitted.map((c, i) => build(c, i === 0 && shown === 'transmitted'));
      entry.readings = [
        ...edited.map((c, i): Reading => ({
          wits: [], resp: localIds(attr(c, 'resp')), lemma: i === 0, editorial: true, type: c.localName, children: editedForms[i], src: srcOf(c),
        })),
        ...transmitted.map((c, i): Reading => ({
          wits: [], resp: [], lemma: false, editorial: false, type: c.localName, children: transmittedForms[i], src: srcOf(c),
        })),
      ];
      const cert = attr(edited[0], 'cert');
      return {
        kind: 'alternate', type, edited: editedForms[0], transmitted: transmittedForms[0] ?? [], shown,
        resp: localIds(attr(edited[0], 'resp')), ...(cert ? { cert } : {}), entry: entry.id, ...base,
      };
    });
    return [node];
  }

  /**
   * One form of a choice. ex and am are pieces of a word, not whole forms:
   * the expansion keeps its brackets wherever it is printed ("(per)"), the
   * mark its plain self, whichever text shows them.
   */
  private formOf(c: Element): Inline[] {
    const children = this.inlines(c);
    if (c.localName === 'ex') return [{ kind: 'editorial', type: 'expansion', visible: true, signs: SIGNS.expansion, children, ...this.base(c) }];
    if (c.localName === 'am') return [{ kind: 'editorial', type: 'abbreviation-mark', visible: true, children, ...this.base(c) }];
    return children;
  }

  /**
   * A choice that is not sic/corr, orig/reg or abbr/expan (alternative readings
   * of an unclear passage, seg/seg…): a variant whose readings are all editorial
   * and whose first (or, in diplomatic mode, first transmitted) form is shown.
   */
  private alternatives(el: Element, kids: Element[], base: Base): Inline[] {
    if (kids.length === 0) return [this.generic(el, this.inlines(el), base)];
    let shown = 0;
    if (this.options.mode === 'diplomatic') shown = Math.max(0, kids.findIndex((c) => TRANSMITTED.has(c.localName)));
    else shown = Math.max(0, kids.findIndex((c) => EDITED[c.localName] !== undefined));
    const entry = this.newEntry(el, 'intervention');
    entry.type ??= 'alternatives';
    const readings = this.inEntry(entry, () =>
      kids.map((c, i): Reading => ({
        wits: [], resp: localIds(attr(c, 'resp')), lemma: i === shown, editorial: !TRANSMITTED.has(c.localName), type: c.localName,
        children: this.withLang(c, () => this.whileVisible(i === shown, () => this.inlines(c))), src: srcOf(c),
      })),
    );
    entry.readings = readings;
    return [{ kind: 'variant', entry: entry.id, readings, shown, ...base }];
  }

  // ------------------------------------------------------------ notes

  private noteOf(el: Element): Inline[] {
    this.emitted.add(el);
    const n = this.notes.length + 1;
    const id = xmlId(el) ?? this.ids.make(`note-${n}`);
    const anchor = this.ids.make(`noteref-${n}`);
    const note: Note = { id, n, resp: localIds(attr(el, 'resp')), anchor, children: [], src: srcOf(el) };
    const label = attr(el, 'n');
    const type = attr(el, 'type');
    if (label) note.label = label;
    if (type) note.type = type;
    const lang = attr(el, 'xml:lang');
    this.notes.push(note);
    note.children = this.withLang(el, () => this.scopedBlocks(el));
    if (lang && lang !== this.lang) for (const b of note.children) b.lang ??= lang;
    const ref: Inline = { kind: 'noteRef', note: id, id: anchor, src: srcOf(el) };
    return [ref];
  }

  /** Notes with @target are attached to the element they point to, when that element is running text or a paragraph. */
  private planTargetedNotes(index: DocIndex): void {
    for (const note of index.targetedNotes) {
      const target = pointers(attr(note, 'target'))
        .map((id) => index.byId.get(id))
        .find((t) => t !== undefined);
      if (!target || target === note || contains(target, note) || contains(note, target) || !inText(target)) continue;
      const level = levelOf(behaviourOf(target, TEI_NS));
      const beh = behaviourOf(target, TEI_NS).b;
      if (level !== 'inline' && beh !== 'paragraph' && beh !== 'heading') continue;
      const list = this.attached.get(target) ?? [];
      list.push(note);
      this.attached.set(target, list);
      this.detached.add(note);
    }
  }

  private attachedRefs(el: Element): Inline[] {
    const notes = this.attached.get(el);
    if (!notes) return [];
    this.attached.delete(el);
    return notes.flatMap((n) => this.noteOf(n));
  }

  // ------------------------------------------------------------ context helpers

  private base(el: Element): Base {
    const b: Base = { src: srcOf(el) };
    const id = xmlId(el);
    if (id) b.id = id;
    const lang = attr(el, 'xml:lang');
    // Inside withLang(el), curLang is el's own: the language it differs from is the one around it.
    const around = this.langEl === el ? this.outerLang : this.curLang;
    if (lang && lang !== around) b.lang = lang;
    return b;
  }

  private withLang<T>(el: Element, fn: () => T): T {
    const lang = attr(el, 'xml:lang');
    if (!lang) return fn();
    const saved = { cur: this.curLang, el: this.langEl, outer: this.outerLang };
    this.outerLang = this.curLang;
    this.langEl = el;
    this.curLang = lang;
    try {
      return fn();
    } finally {
      this.curLang = saved.cur;
      this.langEl = saved.el;
      this.outerLang = saved.outer;
    }
  }

  private whileVisible<T>(visible: boolean, fn: () => T): T {
    const saved = this.visible;
    this.visible = saved && visible;
    try {
      return fn();
    } finally {
      this.visible = saved;
    }
  }
}

const EDITED: Readonly<Record<string, AlternateNode['type']>> = { corr: 'correction', reg: 'regularisation', expan: 'expansion', ex: 'expansion' };
const TRANSMITTED = new Set(['sic', 'orig', 'abbr', 'am']);
/** What a divGen may print: a documentary transcription or a part of one. */
const TRANSCRIPTIONS = new Set(['sourceDoc', 'surfaceGrp', 'surface', 'zone']);

/** A class-safe hint for a generic element: its local name (prefixed outside TEI). */
/**
 * How a token (<w>, <pc>) meets its neighbours, decided here once for every
 * writer: its @join when given (overlap: shares a character with both, so
 * joins both); else punctuation that closes (, . ; : ! ? ’ ” ) »…) leans
 * left, punctuation that opens (‘ “ ( «…) leans right; a word, a dash or a
 * symbol keeps the whitespace the encoder wrote. ELTeC puts one token per
 * line: without this, "short , of our house".
 */
function tokenJoin(el: Element): Token['join'] | 'token' {
  const join = attr(el, 'join');
  if (join === 'left' || join === 'right' || join === 'both') return join;
  // TEI's value is "no"; "none" is accepted as well.
  if (join === 'no' || join === 'none') return 'none';
  if (join === 'overlap') return 'both';
  if (el.localName === 'pc') {
    const text = (el.textContent ?? '').trim();
    // Straight quotes open and close alike, # § * stand before what they mark, and the interpuncts of
    // inscriptions (· ⁝ ⸱) stand between words: none of them leans.
    if (/^[\p{Pe}\p{Pf}\p{Po}]+$/u.test(text) && !/["'/\\¡¿#%&*@§¶†‡\u00b7\u2056\u2058-\u205e\u2e31\u2e33]/u.test(text)) return 'left';
    if (/^[\p{Ps}\p{Pi}¡¿]+$/u.test(text)) return 'right';
  }
  return 'token';
}

function roleOf(el: Element): string {
  return sanitizeId(el.namespaceURI === TEI_NS ? el.localName : `${el.prefix ?? 'x'}-${el.localName}`) || 'generic';
}

/** An empty container (a figure with only a graphic, an empty div) says nothing; one with an id is still an anchor. */
function pushBlock(out: Block[], c: Container): void {
  if (c.children.length === 0 && !c.heading?.length && !c.id) return;
  out.push(c);
}

function isBlank(node: Inline): boolean {
  return node.kind === 'text' && node.text.trim() === '';
}

function separator(): BreakNode {
  return { kind: 'break', type: 'line' };
}

function contains(ancestor: Element, el: Element): boolean {
  for (let p: Node | null = el.parentNode; p; p = p.parentNode) if (p === ancestor) return true;
  return false;
}

/** Inside <text> (where the builder walks), not in the header or standOff. */
function inText(el: Element): boolean {
  for (let p: Node | null = el.parentNode; p; p = p.parentNode) {
    if (p.nodeType !== ELEMENT_NODE) continue;
    const e = p as Element;
    if (isTei(e, 'teiHeader') || isTei(e, 'standOff')) return false;
    if (isTei(e, 'text')) return true;
  }
  return false;
}

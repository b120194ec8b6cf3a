/**
 * The one walker over the Edition model: every pass that descends into
 * blocks and inlines (whitespace, words, ids, mentions, plain text) goes
 * through `contents`, so that the decision "what does the reading text
 * show" is written here once, not re-decided in each pass.
 *
 * Two scopes:
 * - `shown`: only what the reading text shows: an alternate's shown form,
 *   a variant's shown reading, visible editorial material, generic material
 *   that is not hidden (page furniture, index terms are);
 * - `all`: everything the model holds: both forms of an alternate (edited
 *   first), every reading of a variant in order, deletions and hidden
 *   material too.
 *
 * The walk is depth-first, in document order (a container's heading before
 * its blocks), and iterative: the deepest corpus documents nest far enough
 * to overflow a recursive descent.
 */
import type { Block, Edition, Inline } from './types';

export type ModelNode = Block | Inline;

/** `shown`: only what the reading text shows; `all`: everything the model holds. */
export type Scope = 'shown' | 'all';

const NONE: readonly Inline[][] = [];

/**
 * The inline lists directly inside an inline node, in document order. The
 * switch is exhaustive: a new inline kind does not compile until it says here
 * what it contains and what of it the reading text shows.
 */
export function inlineContents(node: Inline, scope: Scope): readonly Inline[][] {
  switch (node.kind) {
    case 'text':
    case 'gap':
    case 'lacuna':
    case 'noteRef':
    case 'break':
      return NONE;
    case 'alternate':
      if (scope === 'all') return [node.edited, node.transmitted];
      return [node.shown === 'edited' ? node.edited : node.transmitted];
    case 'variant':
      if (scope === 'all') return node.readings.map((r) => r.children);
      return node.readings[node.shown] ? [node.readings[node.shown].children] : NONE;
    case 'editorial':
      return scope === 'all' || node.visible ? [node.children] : NONE;
    case 'generic':
      return scope === 'all' || !node.hidden ? [node.children] : NONE;
    case 'emphasis':
    case 'title':
    case 'entity':
    case 'quote':
    case 'date':
    case 'citation':
    case 'link':
    case 'foreign':
      return [node.children];
    default:
      return unknownKind(node);
  }
}

/**
 * Whether an inline node is a choice between forms (an alternate, a
 * variant): the reading text shows one of its lists as a unit, and the
 * others are kept beside it, not around it.
 */
export function isChoice(node: Inline): boolean {
  return node.kind === 'alternate' || node.kind === 'variant';
}

/** What a visitor may answer: `skip` leaves the node's contents out, `stop` ends the walk. */
export type VisitResult = 'skip' | 'stop' | void;

export interface Visitor {
  enter?(node: ModelNode): VisitResult;
  /** Called after the node's contents (not for a skipped node's contents, but for the node itself, yes). */
  leave?(node: ModelNode): void;
}

export interface WalkOptions {
  /** Default `all`. */
  scope?: Scope;
}

const LEAVE = Symbol('leave');
type Frame = ModelNode | { [LEAVE]: ModelNode };

/**
 * Visit `roots` and everything inside them: blocks, headings, inlines, and the
 * contents of alternates and variants (as the scope says). A visitor that is a
 * plain function is `enter`.
 */
export function walk(roots: readonly ModelNode[], visitor: Visitor | ((node: ModelNode) => VisitResult), options: WalkOptions = {}): void {
  const v: Visitor = typeof visitor === 'function' ? { enter: visitor } : visitor;
  const scope = options.scope ?? 'all';
  const stack: Frame[] = [];
  const pushAll = (nodes: readonly ModelNode[]): void => {
    for (let i = nodes.length - 1; i >= 0; i--) stack.push(nodes[i]);
  };
  pushAll(roots);
  while (stack.length > 0) {
    const frame = stack.pop() as Frame;
    if (LEAVE in frame) {
      v.leave!(frame[LEAVE]);
      continue;
    }
    const node = frame;
    const answer = v.enter?.(node);
    if (answer === 'stop') return;
    if (v.leave) stack.push({ [LEAVE]: node });
    if (answer === 'skip') continue;
    if (node.kind === 'paragraph') pushAll(node.children);
    else if (node.kind === 'container') {
      // Pushed in reverse: the heading comes out first.
      pushAll(node.children);
      if (node.heading) pushAll(node.heading);
    } else {
      const lists = inlineContents(node, scope);
      for (let i = lists.length - 1; i >= 0; i--) pushAll(lists[i]);
    }
  }
}

export interface EditionWalkOptions extends WalkOptions {
  /** The notes' blocks, after the text (default true). */
  notes?: boolean;
  /**
   * The readings of every apparatus entry, after the notes (default false).
   * A variant's readings are the same arrays as in the text, so they are
   * visited twice; an intervention's are its own.
   */
  apparatus?: boolean;
}

/** Walk the whole edition: its blocks, then its notes, then (when asked) its apparatus readings. */
export function walkEdition(edition: Edition, visitor: Visitor | ((node: ModelNode) => VisitResult), options: EditionWalkOptions = {}): void {
  const roots: ModelNode[] = [...edition.blocks];
  if (options.notes !== false) for (const note of edition.notes) roots.push(...note.children);
  if (options.apparatus) for (const entry of edition.apparatus) for (const r of entry.readings) roots.push(...r.children);
  walk(roots, visitor, options);
}

/** Every node under `roots` (themselves included) that matches, in document order. */
export function query<T extends ModelNode>(roots: readonly ModelNode[], match: (node: ModelNode) => node is T, options?: WalkOptions): T[];
export function query(roots: readonly ModelNode[], match: (node: ModelNode) => boolean, options?: WalkOptions): ModelNode[];
export function query(roots: readonly ModelNode[], match: (node: ModelNode) => boolean, options: WalkOptions = {}): ModelNode[] {
  const out: ModelNode[] = [];
  walk(roots, (n) => {
    if (match(n)) out.push(n);
  }, options);
  return out;
}

/** The first node that matches, or undefined; the walk stops there. */
export function find<T extends ModelNode>(roots: readonly ModelNode[], match: (node: ModelNode) => node is T, options?: WalkOptions): T | undefined;
export function find(roots: readonly ModelNode[], match: (node: ModelNode) => boolean, options?: WalkOptions): ModelNode | undefined;
export function find(roots: readonly ModelNode[], match: (node: ModelNode) => boolean, options: WalkOptions = {}): ModelNode | undefined {
  let found: ModelNode | undefined;
  walk(roots, (n) => {
    if (!match(n)) return undefined;
    found = n;
    return 'stop';
  }, options);
  return found;
}

/** What a gap reads as in plain text. */
export const GAP_TEXT = '[…]';

/**
 * The plain text of inlines as the reading text shows them: text as it is,
 * a break as a space unless it joins a word, a gap as "[…]", a note call as
 * nothing. Spaces are not collapsed: callers that need one line squash them.
 */
export function stringify(nodes: readonly Inline[]): string {
  const parts: string[] = [];
  walk(nodes, (n) => {
    if (n.kind === 'text') parts.push(n.text);
    else if (n.kind === 'break') {
      if (!n.joins) parts.push(' ');
    } else if (n.kind === 'gap') parts.push(n.signs?.open ?? GAP_TEXT);
    else if (n.kind === 'lacuna') parts.push(` ${n.text} `);
  }, { scope: 'shown' });
  return parts.join('');
}

/**
 * Whether the reading text shows any character of these inlines (a gap
 * counts: it prints as "[…]"). Stops at the first: cheaper than testing
 * `stringify` on long runs.
 */
export function showsText(nodes: readonly Inline[]): boolean {
  return (
    find(nodes, (n) => (n.kind === 'text' && n.text.trim() !== '') || n.kind === 'gap' || n.kind === 'lacuna', { scope: 'shown' }) !== undefined
  );
}

/**
 * The `never` check that ends every exhaustive switch over node kinds: a new
 * kind in types.ts makes each such switch fail to compile, naming the file
 * that must decide how to handle it. At run time (a model from elsewhere,
 * e.g. JSON) it fails loudly instead of dropping the node.
 */
export function unknownKind(node: never): never {
  throw new TypeError(`unknown model node kind: ${JSON.stringify((node as { kind?: unknown }).kind)}`);
}

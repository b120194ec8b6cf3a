/**
 * Whitespace in TEI mixed content. Each text node has already had its XML
 * whitespace runs collapsed to one space; here a displayed flow (a paragraph,
 * a heading, a reading) loses the spaces that would double up across element
 * boundaries and at its edges. Only spaces are ever removed: characters on the
 * two sides of an element boundary are never joined or separated here, so
 * `<persName>Lenin</persName>’s` stays "Lenin’s".
 *
 * A break (lb/pb/cb) stands for the whitespace around it: the spaces next to
 * it are dropped and the renderer puts a space or a newline (nothing, when the
 * break `joins` a hyphenated word). Things the reading text does not show
 * (a deletion in reading mode, hidden page furniture, the readings not
 * adopted) are transparent: "a <del>b</del> c" reads "a c", not "a  c".
 */
import type { Inline, TextNode } from './types';
import { inlineContents, isChoice, showsText } from './walk';


/*
 * Token-encoded texts (<w>, <pc>, one per line as ELTeC has them) are
 * spaced by their tokens, not by the newlines between them: the builder
 * decided how each token meets its neighbours (GenericInline.join); here
 * the space between two tokens is dropped where one of them joins, and put
 * in where two tokens touch and neither does. No token is ever dropped.
 */
type Joined = Inline & { join?: string };

function tokenJoin(node: Inline | undefined): string | undefined {
  return node && node.kind !== 'text' ? (node as Joined).join : undefined;
}

function joinsTowards(prev: Inline | undefined, next: Inline | undefined): boolean {
  const a = tokenJoin(prev);
  const b = tokenJoin(next);
  if (a === 'none' && b === 'none') return false;
  return a === 'right' || a === 'both' || b === 'left' || b === 'both';
}

const PLAIN = new Set(['token', 'none']);

function joinTokens(nodes: Inline[]): void {
  for (let i = 0; i < nodes.length; i++) {
    const node = nodes[i];
    const prev = nodes[i - 1];
    const next = nodes[i + 1];
    if (node.kind === 'text') {
      if (/^\s+$/.test(node.text) && (tokenJoin(prev) !== undefined || tokenJoin(next) !== undefined) && joinsTowards(prev, next)) node.text = '';
      continue;
    }
    // Two tokens that touch, neither of which joins (a plain word, or join="no"): a space. One that
    // says how it joins (join="right" on a hyphen) is taken at its word on the side it does not name.
    if (PLAIN.has(tokenJoin(node) ?? '') && PLAIN.has(tokenJoin(next) ?? '')) {
      nodes.splice(i + 1, 0, { kind: 'text', text: ' ' });
      i++;
    }
    for (const list of inlineContents(node, 'all')) joinTokens(list);
  }
}

interface Flow {
  atSpace: boolean;
  lastText?: TextNode;
  /**
   * A call with no text of its own (a hidden deletion, a change of hand)
   * took the space before it: "word[a1] next", not "word [a1]next". The
   * space is owed to the next text.
   */
  owed?: boolean;
}

export function normaliseFlow(nodes: Inline[]): Inline[] {
  joinTokens(nodes);
  const flow: Flow = { atSpace: true };
  visit(nodes, flow);
  if (flow.lastText) flow.lastText.text = flow.lastText.text.replace(/ $/, '');
  return prune(nodes);
}

function visit(nodes: Inline[], flow: Flow): void {
  for (const node of nodes) {
    switch (node.kind) {
      case 'text':
        if (flow.owed && node.text !== '') {
          flow.owed = false;
          if (!node.text.startsWith(' ')) node.text = ' ' + node.text;
        } else if (flow.atSpace && node.text.startsWith(' ')) node.text = node.text.slice(1);
        if (node.text !== '') {
          flow.atSpace = node.text.endsWith(' ');
          flow.lastText = node;
        }
        break;
      case 'break':
        if (flow.lastText) flow.lastText.text = flow.lastText.text.replace(/ $/, '');
        flow.owed = false;
        flow.atSpace = true;
        flow.lastText = undefined;
        break;
      case 'noteRef':
      case 'gap':
      case 'lacuna':
        atom(flow);
        break;
      default: {
        // What the reading text shows flows on with the text around it; what it does not show (a deletion in
        // reading mode, hidden furniture, the readings not adopted) is a flow of its own. A choice (alternate,
        // variant) is one unit in the flow: its forms are kept beside each other, each trimmed on its own.
        const shown = inlineContents(node, 'shown');
        if (isChoice(node)) {
          for (const list of inlineContents(node, 'all')) normaliseFlow(list);
          if (shown.some(showsText)) atom(flow);
        } else for (const list of inlineContents(node, 'all')) {
          if (shown.includes(list)) visit(list, flow);
          else normaliseFlow(list);
        }
        // An intervention's call with no text of its own takes the space before it (see Flow.owed).
        if (node.kind === 'editorial' && node.entry && !(node.visible && showsText(node.children)) && flow.lastText?.text.endsWith(' ')) {
          flow.lastText.text = flow.lastText.text.slice(0, -1);
          flow.owed = true;
        }
      }
    }
  }
}

function atom(flow: Flow): void {
  flow.atSpace = false;
  flow.lastText = undefined;
}

/**
 * Drop the text nodes that became empty, at every depth. In place: the same
 * arrays are shared between a node and its apparatus entry's readings.
 */
function prune(nodes: Inline[]): Inline[] {
  let w = 0;
  for (const node of nodes) {
    if (node.kind === 'text' && node.text === '') continue;
    for (const list of inlineContents(node, 'all')) prune(list);
    nodes[w++] = node;
  }
  nodes.length = w;
  return nodes;
}

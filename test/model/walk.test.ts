import type { Block, Edition, Inline } from '../../src/model/types';
import { find, inlineContents, query, showsText, stringify, unknownKind, walk, walkEdition, type ModelNode } from '../../src/model/walk';

const t = (text: string): Inline => ({ kind: 'text', text });

/** Every kind of inline, with text that says where it is. */
function sample(): Inline[] {
  return [
    t('a'),
    { kind: 'alternate', type: 'correction', edited: [t('corr')], transmitted: [t('sic')], shown: 'transmitted', resp: [], entry: 'e1' },
    { kind: 'variant', entry: 'e2', shown: 1, readings: [
      { wits: ['A'], resp: [], lemma: true, editorial: false, children: [t('lem')] },
      { wits: ['B'], resp: [], lemma: false, editorial: false, children: [t('rdg')] },
    ] },
    { kind: 'editorial', type: 'deleted', visible: false, children: [t('del')] },
    { kind: 'editorial', type: 'supplied', visible: true, children: [t('sup')] },
    { kind: 'generic', role: 'fw', hidden: true, children: [t('fw')] },
    { kind: 'generic', role: 'seg', children: [t('seg')] },
    { kind: 'break', type: 'line' },
    t('hy'),
    { kind: 'break', type: 'line', joins: true },
    t('phen'),
    { kind: 'gap', reason: 'illegible' },
    { kind: 'noteRef', note: 'n1' },
    { kind: 'emphasis', style: 'italic', children: [{ kind: 'entity', entityKind: 'person', refs: [], occurrence: 'o1', children: [t('name')] }] },
  ];
}

const texts = (nodes: readonly ModelNode[], scope: 'shown' | 'all'): string[] =>
  query(nodes, (n): n is Extract<Inline, { kind: 'text' }> => n.kind === 'text', { scope }).map((n) => n.text);

describe('walk', () => {
  test('scope "shown" visits only what the reading text shows', () => {
    expect(texts(sample(), 'shown')).toEqual(['a', 'sic', 'rdg', 'sup', 'seg', 'hy', 'phen', 'name']);
  });

  test('scope "all" visits everything, in document order: edited before transmitted, readings in order', () => {
    expect(texts(sample(), 'all')).toEqual(['a', 'corr', 'sic', 'lem', 'rdg', 'del', 'sup', 'fw', 'seg', 'hy', 'phen', 'name']);
  });

  test('a container: its heading first, then its blocks; enter and leave nest', () => {
    const blocks: Block[] = [
      { kind: 'container', role: 'section', heading: [t('Head')], children: [
        { kind: 'paragraph', role: 'paragraph', children: [t('one')] },
        { kind: 'container', role: 'quotation', children: [{ kind: 'paragraph', role: 'paragraph', children: [t('two')] }] },
      ] },
    ];
    const log: string[] = [];
    walk(blocks, {
      enter: (n) => void log.push(n.kind === 'text' ? n.text : `<${n.kind}>`),
      leave: (n) => void log.push(n.kind === 'text' ? '' : `</${n.kind}>`),
    });
    expect(log.filter((x) => x !== '').join(' ')).toBe(
      '<container> Head <paragraph> one </paragraph> <container> <paragraph> two </paragraph> </container> </container>',
    );
  });

  test('"skip" leaves a node\'s contents out (leave is still called), "stop" ends the walk', () => {
    const seen: string[] = [];
    const left: string[] = [];
    walk(sample(), {
      enter: (n) => {
        if (n.kind === 'text') seen.push(n.text);
        if (n.kind === 'alternate') return 'skip';
        if (n.kind === 'text' && n.text === 'seg') return 'stop';
        return undefined;
      },
      leave: (n) => void left.push(n.kind),
    });
    expect(seen).toEqual(['a', 'lem', 'rdg', 'del', 'sup', 'fw', 'seg']);
    expect(left).toContain('alternate');
  });

  test('find stops at the first match; query returns every match in order', () => {
    let visits = 0;
    const first = find(sample(), (n) => {
      visits++;
      return n.kind === 'variant';
    });
    expect(first?.kind).toBe('variant');
    expect(visits).toBe(5); // a, alternate, corr, sic, variant
    expect(query(sample(), (n) => n.kind === 'break').length).toBe(2);
  });

  test('nesting far deeper than a recursive descent could take', () => {
    let node: Inline = t('deep');
    for (let i = 0; i < 200_000; i++) node = { kind: 'emphasis', style: 'italic', children: [node] };
    expect(stringify([node])).toBe('deep');
  });

  test('walkEdition: the text, then the notes, then (when asked) the apparatus readings', () => {
    const edition = {
      blocks: [{ kind: 'paragraph', role: 'paragraph', children: [t('text')] }],
      notes: [{ id: 'n1', n: 1, resp: [], anchor: 'r1', children: [{ kind: 'paragraph', role: 'paragraph', children: [t('note')] }] }],
      apparatus: [{ id: 'e1', n: 1, kind: 'intervention', nested: [], readings: [{ wits: [], resp: [], lemma: true, editorial: true, children: [t('reading')] }] }],
    } as unknown as Edition; // only the parts the walk reads
    const seen = (options: Parameters<typeof walkEdition>[2]): string[] => {
      const out: string[] = [];
      walkEdition(edition, (n) => void (n.kind === 'text' && out.push(n.text)), options);
      return out;
    };
    expect(seen({})).toEqual(['text', 'note']);
    expect(seen({ notes: false })).toEqual(['text']);
    expect(seen({ apparatus: true })).toEqual(['text', 'note', 'reading']);
  });
});

describe('stringify and showsText', () => {
  test('the plain text the reading text shows: breaks as spaces unless they join, a gap as […], no note calls', () => {
    expect(stringify(sample())).toBe('asicrdgsupseg hyphen[…]name');
  });

  test('showsText: any character, a gap included; not spaces, breaks, note calls or hidden material', () => {
    expect(showsText([t('  '), { kind: 'break', type: 'line' }, { kind: 'noteRef', note: 'n' }])).toBe(false);
    expect(showsText([{ kind: 'generic', role: 'fw', hidden: true, children: [t('x')] }])).toBe(false);
    expect(showsText([{ kind: 'editorial', type: 'deleted', visible: false, children: [t('x')] }])).toBe(false);
    expect(showsText([{ kind: 'gap' }])).toBe(true);
    expect(showsText([t(' '), { kind: 'emphasis', style: 'bold', children: [t('x')] }])).toBe(true);
  });
});

describe('inlineContents', () => {
  test('an unshown variant reading index shows nothing', () => {
    expect(inlineContents({ kind: 'variant', entry: 'e', shown: 3, readings: [] }, 'shown')).toEqual([]);
  });

  test('a node of a kind the model does not have fails loudly, naming the kind', () => {
    const alien = { kind: 'hologram', children: [] } as unknown as Inline;
    expect(() => inlineContents(alien, 'all')).toThrow('unknown model node kind: "hologram"');
    expect(() => unknownKind(alien as never)).toThrow(TypeError);
  });
});

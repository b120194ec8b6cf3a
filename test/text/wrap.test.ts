import { displayWidth, squash, wrap } from '../../src/render/text/wrap';

describe('wrap', () => {
  const text =
    'I belong to a generation of Russians who were barely sixteen at the time of the October Revolution. My name will not mean anything to you.';

  test('fills lines up to 72 columns without breaking words', () => {
    const lines = wrap(text, { width: 72 });
    expect(lines.length).toBeGreaterThan(1);
    for (const l of lines) expect(displayWidth(l)).toBeLessThanOrEqual(72);
    expect(lines.join(' ')).toBe(text);
    // Greedy: the next word would not have fitted.
    for (let i = 0; i < lines.length - 1; i++) {
      const next = lines[i + 1].split(' ')[0];
      expect(displayWidth(lines[i]) + 1 + displayWidth(next)).toBeGreaterThan(72);
    }
  });

  test('a word longer than the line stays whole on a line of its own', () => {
    const long = 'x'.repeat(90);
    const lines = wrap(`short words ${long} and more`, { width: 72 });
    expect(lines).toEqual(['short words', long, 'and more']);
  });

  test('counts graphemes, not UTF-16 units: combining accents and astral letters take one column', () => {
    const greek = 'ἀρχῇ'.normalize('NFD'); // 4 letters, 8 code units with the combining marks
    expect(greek.length).toBeGreaterThan(4);
    expect(displayWidth(greek)).toBe(4);
    expect(displayWidth('𝔄𝔅')).toBe(2);
    const line = Array.from({ length: 14 }, () => greek).join(' '); // 14*4 + 13 = 69 columns
    expect(wrap(line, { width: 72 })).toHaveLength(1);
  });

  test('no-break spaces keep their words together', () => {
    const lines = wrap(`${'a'.repeat(60)} N°\u00a0116`, { width: 64 });
    expect(lines).toEqual(['a'.repeat(60), 'N°\u00a0116']);
  });

  test('hanging indent: the prefix counts towards the width', () => {
    const lines = wrap(text, { width: 72, first: '[a12] ', rest: '      ' });
    expect(lines[0].startsWith('[a12] ')).toBe(true);
    for (const l of lines.slice(1)) expect(l.startsWith('      ')).toBe(true);
    for (const l of lines) expect(displayWidth(l)).toBeLessThanOrEqual(72);
  });

  test('squash collapses XML whitespace but keeps no-break spaces', () => {
    expect(squash('  a\n\t b\r\n c\u00a0d ')).toBe('a b c\u00a0d');
  });
});

/**
 * Output names: one place decides them (outputName), so that a witness and a
 * variant (the diplomatic text, a PDF on other paper) sit beside the default
 * files and never replace them, and the default names never move.
 */
import { outputName, paperVariant, textVariant } from '../../src/render/output-names';
import type { Edition, ModelOptions } from '../../src/model/types';
import { outputKind } from '../../src/publish/manifest';

function edition(id: string, options: ModelOptions, witnesses: { id: string; siglum: string }[] = []): Edition {
  // Only the fields outputName reads: the id, the options, the witnesses' ids and sigla.
  return { id, options, witnesses: witnesses.map((w) => ({ ...w, description: '' })) } as unknown as Edition;
}

describe('outputName', () => {
  const reading = edition('letter-1', { mode: 'reading' });
  const diplomatic = edition('letter-1', { mode: 'diplomatic' });
  const witness = (mode: ModelOptions['mode']): Edition => edition('letter-1', { mode, witness: 'w1' }, [{ id: 'w1', siglum: 'KSL' }]);

  test('the defaults keep their names: reading text, A4 PDF', () => {
    expect(outputName(reading, 'txt', textVariant('reading'))).toBe('letter-1.txt');
    expect(outputName(reading, 'pdf', paperVariant('a4'))).toBe('letter-1.pdf');
    expect(outputName(reading, 'pdf', paperVariant(undefined))).toBe('letter-1.pdf');
    expect(outputName(reading, 'html')).toBe('letter-1.html');
  });

  test('a variant is named after the option that makes it', () => {
    expect(outputName(diplomatic, 'txt', textVariant(diplomatic.options.mode))).toBe('letter-1.diplomatic.txt');
    expect(outputName(reading, 'pdf', paperVariant('a5'))).toBe('letter-1.a5.pdf');
    expect(outputName(reading, 'pdf', paperVariant('letter'))).toBe('letter-1.letter.pdf');
  });

  test('with a witness: the siglum (found by id or siglum), then the variant', () => {
    expect(outputName(witness('reading'), 'txt', textVariant('reading'))).toBe('letter-1.KSL.txt');
    expect(outputName(witness('diplomatic'), 'txt', textVariant('diplomatic'))).toBe('letter-1.KSL.diplomatic.txt');
    expect(outputName(witness('reading'), 'pdf', paperVariant('a5'))).toBe('letter-1.KSL.a5.pdf');
    const bySiglum = edition('letter-1', { mode: 'reading', witness: 'KSL' }, [{ id: 'w1', siglum: 'KSL' }]);
    expect(outputName(bySiglum, 'pdf', paperVariant('letter'))).toBe('letter-1.KSL.letter.pdf');
  });

  test('ids and sigla from the TEI are reduced to safe characters', () => {
    const odd = edition('../a b', { mode: 'diplomatic', witness: 'x/y' });
    expect(outputName(odd, 'txt', textVariant('diplomatic'))).toBe('a_b.x_y.diplomatic.txt');
  });
});

describe('outputKind: the manifest files each variant under its own kind', () => {
  test('the defaults keep the kinds of version-2 manifests; a variant and a witness are added to the name', () => {
    expect(outputKind('txt', undefined, textVariant('reading'))).toBe('txt');
    expect(outputKind('pdf', undefined, paperVariant('a4'))).toBe('pdf');
    expect(outputKind('txt', undefined, textVariant('diplomatic'))).toBe('txt:diplomatic');
    expect(outputKind('pdf', undefined, paperVariant('a5'))).toBe('pdf:a5');
    expect(outputKind('pdf', 'KSL', paperVariant('letter'))).toBe('pdf:letter@KSL');
    expect(outputKind('html', 'KSL')).toBe('html@KSL');
  });
});

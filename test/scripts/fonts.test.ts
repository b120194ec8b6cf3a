/**
 * Scripts and languages in every output, without a browser or a PDF: the
 * fonts the PDF is given (present, unpacked, named as the font stacks say),
 * the script and direction of language tags, the plain text's isolates and
 * line breaking in scripts without spaces, and the spacing of token-encoded
 * texts, which the model decides once for every writer.
 */
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { buildEdition } from '../../src/model/read-tei';
import { readingText } from '../../src/model/words';
import { loadDocument } from '../../src/parse/load';
import { FALLBACK_FAMILIES, FONT_FILES, fontBlobs, fontStack, sfnt } from '../../src/render/pdf/fonts';
import { buildPayload } from '../../src/render/pdf/data';
import { directionOf, scriptOf, strongDirection } from '../../src/render/script';
import { renderHtml } from '../../src/render/html';
import { renderText } from '../../src/render/text';
import { displayWidth, wrap } from '../../src/render/text/wrap';
import { buildString, tei } from '../model/helpers';

const FIXTURES = path.resolve(__dirname, '../fixtures/scripts');
const FSI = '\u2068';
const PDI = '\u2069';

async function edition(name: string) {
  const loaded = await loadDocument(path.join(FIXTURES, name));
  if (!loaded.document) throw new Error(`${name} does not load`);
  return buildEdition(loaded.document, { mode: 'reading' });
}

/** The family names of an OpenType font's name table (IDs 16, else 1), Windows platform. */
function familyOf(font: Buffer): string {
  const tables = font.readUInt16BE(4);
  for (let i = 0; i < tables; i++) {
    const at = 12 + i * 16;
    if (font.toString('latin1', at, at + 4) !== 'name') continue;
    const off = font.readUInt32BE(at + 8);
    const count = font.readUInt16BE(off + 2);
    const strings = off + font.readUInt16BE(off + 4);
    const names = new Map<number, string>();
    for (let j = 0; j < count; j++) {
      const r = off + 6 + j * 12;
      if (font.readUInt16BE(r) !== 3) continue;
      const id = font.readUInt16BE(r + 6);
      const raw = font.subarray(strings + font.readUInt16BE(r + 10), strings + font.readUInt16BE(r + 10) + font.readUInt16BE(r + 8));
      names.set(id, raw.swap16().toString('utf16le'));
    }
    return names.get(16) ?? names.get(1) ?? '';
  }
  return '';
}

describe('PDF fonts (src/render/pdf/fonts.ts)', () => {
  test('every listed face is installed, unpacks to TrueType/OpenType, and carries the family name the stacks use', () => {
    const blobs = fontBlobs();
    expect(blobs).toHaveLength(FONT_FILES.length);
    FONT_FILES.forEach((f, i) => {
      const magic = blobs[i].readUInt32BE(0);
      // 0x00010000 TrueType, 'OTTO' CFF: what Typst reads (never 'wOFF').
      expect([0x00010000, 0x4f54544f]).toContain(magic);
      expect(`${f.file}: ${familyOf(Buffer.from(blobs[i]))}`).toBe(`${f.file}: ${f.family}`);
    });
  });

  test('a WOFF file unpacks to the tables it wraps; other fonts pass through', () => {
    const other = Buffer.from('OTTO....');
    expect(sfnt(other)).toBe(other);
    const woff = FONT_FILES.find((f) => f.file.endsWith('.woff'))!;
    const packed = readFileSync(require.resolve(`${woff.pkg}/package.json`).replace(/package\.json$/, woff.file));
    expect(packed.toString('latin1', 0, 4)).toBe('wOFF');
    // The WOFF header records the unpacked size (totalSfntSize): the result has exactly that many bytes.
    expect(sfnt(packed).length).toBe(packed.readUInt32BE(16));
  });

  test('the stack puts the script face of the language first, then the fallback chain', () => {
    expect(fontStack('syc')[0]).toBe('Noto Sans Syriac');
    expect(fontStack('he')[0]).toBe('Noto Serif Hebrew');
    expect(fontStack('ar-Arab')[0]).toBe('Noto Naskh Arabic');
    expect(fontStack('cop')[0]).toBe('Noto Sans Coptic');
    expect(fontStack('zh')[0]).toBe('Noto Sans S Chinese');
    expect(fontStack('en')).toEqual([...FALLBACK_FAMILIES]);
    expect(fontStack('grc')[0]).toBe('Libertinus Serif');
    for (const tag of ['syc', 'he', 'hy', 'ka', 'sa', 'th', 'zh', 'cu']) expect(new Set(fontStack(tag)).size).toBe(fontStack(tag).length);
  });
});

describe('script and direction of a language tag (src/render/script.ts)', () => {
  test('script subtag first, else the language’s usual script', () => {
    expect(scriptOf('syc')).toBe('Syrc');
    expect(scriptOf('he')).toBe('Hebr');
    expect(scriptOf('sa-Latn')).toBe('Latn');
    expect(scriptOf('la')).toBeUndefined();
    expect(directionOf('syc')).toBe('rtl');
    expect(directionOf('ar')).toBe('rtl');
    expect(directionOf('he-Latn')).toBe('ltr');
    expect(directionOf('fr')).toBe('ltr');
    expect(directionOf(undefined)).toBeUndefined();
    expect(directionOf('not a tag')).toBeUndefined();
  });

  test('the direction of a text is that of its first strong letter', () => {
    expect(strongDirection('(12) הַדָּבָר')).toBe('rtl');
    expect(strongDirection('ܡܠܬܐ')).toBe('rtl');
    expect(strongDirection('ὁ λόγος')).toBe('ltr');
    expect(strongDirection('— 12 —')).toBeUndefined();
  });
});

describe('PDF data: language, direction and fonts of blocks, spans and readings', () => {
  test('an RTL paragraph carries its direction and font stack; an RTL reading is isolated', async () => {
    const payload = buildPayload(await edition('mixed-apparatus.xml'));
    expect(payload.meta.dir).toBe('ltr');
    const hebrew = payload.blocks.find((b) => b.k === 'p' && b.d === 'rtl');
    expect(hebrew).toMatchObject({ l: 'he', d: 'rtl' });
    expect(hebrew?.f?.[0]).toBe('Noto Serif Hebrew');
    const [first] = Object.values(payload.entries);
    const [lemma, reading] = first.p.flatMap((part) => (part.k === 'c' ? [part.c] : []));
    expect(reading[0]).toEqual({ k: 't', v: FSI });
    expect(reading[reading.length - 1]).toEqual({ k: 't', v: PDI });
    // The Greek lemma is in the page's direction: not isolated.
    expect(JSON.stringify(lemma)).not.toContain(FSI);
  });

  test('an element in another language keeps it whatever it presents as (a French <bibl>)', () => {
    const e = buildString(tei('<text><body><p xml:id="p1">Read in <bibl xml:lang="fr"><title>La Révolution</title>, N°116</bibl> today.</p></body></text>'));
    const payload = buildPayload(e);
    expect(JSON.stringify(payload.blocks)).toMatch(/"k":"lang","l":"fr","c":\[.*"La Révolution".*\],"d":"ltr","f":\["Libertinus Serif"/);
  });
});

describe('HTML: lang and dir', () => {
  const page = (e: Parameters<typeof renderHtml>[0]): string => String(renderHtml(e, {}).find((f) => f.path.endsWith('.html'))!.data);

  test('every element whose xml:lang differs from its parent’s gets lang and dir, the <bibl> included', () => {
    const html = page(buildString(tei('<text><body><p xml:id="p1">Read <bibl xml:lang="fr"><title>La Révolution</title></bibl> and <foreign xml:lang="he">שלום</foreign>.</p></body></text>')));
    expect(html).toContain('<span lang="fr" dir="ltr" class="bibl">');
    expect(html).toMatch(/<span lang="he" dir="rtl" class="foreign">שלום<\/span>/);
  });

  test('<html lang> comes from the text, else the header, else the text’s parts; "und" only when nothing says', () => {
    const header = '<title>T</title>';
    expect(page(buildString(tei('<text><body><p>x</p></body></text>', header, ' xml:lang="de"')))).toMatch(/<html lang="de">/);
    const silent = buildString(tei('<text><body><div xml:lang="syc"><p>ܡܠܬܐ</p></div></body></text>', header));
    expect(silent.lang).toBe('und');
    expect(page(silent)).toMatch(/<html lang="syc">/);
    expect(page(silent)).toMatch(/<article id="text" class="text" dir="rtl"/);
    expect(page(buildString(tei('<text><body><p>x</p></body></text>', header)))).toMatch(/<html lang="und">/);
  });

  test('readings and sigla of a mixed-direction entry are in <bdi>, with their language', async () => {
    const html = page(await edition('mixed-apparatus.xml'));
    expect(html).toContain('<bdi class="lem">λόγος</bdi> <bdi class="sigla"><abbr title="Greek codex">G</abbr></bdi><span class="app-sep">]</span> <bdi class="rdg" lang="he" dir="rtl">הַדָּבָר</bdi>');
  });

  test('the paragraph number is not text of the paragraph (copying gives its words)', async () => {
    const html = page(await edition('eltec-tokens.xml'));
    expect(html).toMatch(/<a class="pilcrow" href="#p1" aria-label="Paragraph 1"[^>]* data-n="¶ 1"><\/a><span class="g-w">The<\/span> <span class="g-w">walk/);
  });
});

describe('plain text: isolates and line breaking', () => {
  test('an apparatus reading in a right-to-left script is wrapped in FSI…PDI, the sigla and brackets outside', async () => {
    const text = String(renderText(await edition('mixed-apparatus.xml'))[0].data);
    expect(text).toContain(`[a1] λόγος G] ${FSI}הַדָּבָר${PDI} H; ${FSI}ܡܠܬܐ${PDI} S`);
    expect(text).toContain(`[a2] ${FSI}הַדָּבָר${PDI} H] ὁ λόγος G; ${FSI}ܡܠܬܐ${PDI} S`);
  });

  test('an isolate broken over two lines is closed and reopened, so that each line is balanced', () => {
    const reading = 'הַדָּבָר '.repeat(12).trim();
    const lines = wrap(`lemma A] ${FSI}${reading}${PDI} B`, { width: 40, first: '[a1] ', rest: '     ' });
    expect(lines.length).toBeGreaterThan(2);
    for (const l of lines) {
      const opens = [...l].filter((c) => c === FSI).length;
      expect([...l].filter((c) => c === PDI).length).toBe(opens);
    }
    expect(lines.join(' ').replace(/[\u2068\u2069]/g, '').replace(/ +/g, ' ')).toBe(`[a1] lemma A] ${reading} B`);
  });

  test('Chinese wraps between words, never before a closing mark; wide characters take two columns', () => {
    const zh = '太初有道，道与神同在，道就是神。这道太初与神同在。万物是藉着他造的；凡被造的，没有一样不是藉着他造的。'.repeat(20);
    const lines = wrap(zh, { width: 72 });
    expect(lines.length).toBeGreaterThan(10);
    expect(lines.join('')).toBe(zh);
    for (const l of lines) {
      expect(displayWidth(l)).toBeLessThanOrEqual(72);
      expect(l).not.toMatch(/^[，。；、]/u);
    }
    expect(displayWidth('太初')).toBe(4);
  });

  test('Thai wraps at word boundaries (Intl.Segmenter), and no word is cut', () => {
    const th = 'ในปฐมกาลพระวาทะทรงดำรงอยู่และพระวาทะทรงดำรงอยู่กับพระเจ้าและพระวาทะทรงเป็นพระเจ้า'.repeat(10);
    const lines = wrap(th, { width: 72 });
    expect(lines.length).toBeGreaterThan(4);
    expect(lines.join('')).toBe(th);
    const words = [...new Intl.Segmenter('th', { granularity: 'word' }).segment(th)].map((s) => s.index);
    let at = 0;
    for (const l of lines.slice(0, -1)) {
      at += l.length;
      expect(words).toContain(at);
      expect(displayWidth(l)).toBeLessThanOrEqual(72);
    }
  });

  test('a CJK paragraph of the text output is no longer one line', () => {
    const e = buildString(tei(`<text><body><p xml:id="p1" xml:lang="zh">${'太初有道，道与神同在，道就是神。'.repeat(300)}</p></body></text>`));
    const text = String(renderText(e)[0].data);
    const longest = Math.max(...text.split('\n').map(displayWidth));
    expect(longest).toBeLessThanOrEqual(72);
  });
});

describe('token-encoded texts (<w>, <pc>, @join): one spacing for every writer', () => {
  test('the model reads "short, of our house", and keeps every token', async () => {
    const e = await edition('eltec-tokens.xml');
    const text = readingText(e.blocks);
    expect(text).toContain('The walk was short, of our house; she said: “Come!” (twice).');
    expect(text).toContain('Mother-in-law’s house stood — empty.');
    const source = readFileSync(path.join(FIXTURES, 'eltec-tokens.xml'), 'utf8');
    const tokens = [...source.matchAll(/<(?:w|pc)\b[^>]*>([^<]*)<\/(?:w|pc)>/g)].map((m) => m[1]);
    expect(text.replace(/\s+/g, '')).toBe(tokens.join(''));
  });

  test('plain text and HTML agree', async () => {
    const e = await edition('eltec-tokens.xml');
    const text = String(renderText(e)[0].data);
    expect(text).toContain('The walk was short, of our house; she said: “Come!” (twice).');
    expect(text).not.toMatch(/ [,;:.!?”)]/);
    const html = String(renderHtml(e, {}).find((f) => f.path.endsWith('.html'))!.data);
    const p1 = /<p id="p1"[^>]*>([\s\S]*?)<\/p>/.exec(html)![1].replace(/<[^>]*>/g, '');
    expect(p1).toBe('The walk was short, of our house; she said: “Come!” (twice).');
  });

  test('join="no" keeps spaces; touching plain tokens are spaced; an explicit join is taken at its word', () => {
    const e = buildString(tei('<text><body><p><w>a</w><w>b</w> <pc join="no">—</pc> <w>c</w><pc join="right">(</pc><w>d</w> <pc join="left">)</pc> <w join="both">-</w> <w>e</w></p></body></text>'));
    expect(readingText(e.blocks).trim()).toBe('a b — c(d)-e');
  });

  test('a straight quote or a section sign leans neither way; overlap joins both sides', () => {
    const e = buildString(tei('<text><body><p><w>said</w>\n<pc>"</pc>\n<w>go</w>\n<pc>§</pc>\n<w>3</w>\n<w join="overlap">x</w>\n<w>y</w>\n<pc>·</pc>\n<w>z</w></p></body></text>'));
    expect(readingText(e.blocks).trim()).toBe('said " go § 3xy · z');
  });
});

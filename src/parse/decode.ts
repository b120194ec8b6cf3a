import { isUtf8 } from 'node:buffer';
import type { Diagnostic } from '../diagnostic';

/**
 * Turn the bytes of a file into text, refusing what is not text. xmldom would
 * happily parse replacement characters or NUL bytes; an archivist needs to know
 * the exact place where the file is damaged instead.
 */
export interface Decoded {
  text?: string;
  diagnostics: Diagnostic[];
}

function lineColAt(bytes: Uint8Array, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset && i < bytes.length; i++) {
    if (bytes[i] === 0x0a) {
      line++;
      lineStart = i + 1;
    }
  }
  // Column counts characters, not bytes: skip UTF-8 continuation bytes.
  let column = 1;
  for (let i = lineStart; i < offset; i++) if ((bytes[i] & 0xc0) !== 0x80) column++;
  return { line, column };
}

/** Offset of the first byte that breaks UTF-8, or -1. */
export function firstInvalidUtf8(bytes: Uint8Array): number {
  let i = 0;
  const n = bytes.length;
  while (i < n) {
    const b = bytes[i];
    if (b < 0x80) {
      i++;
      continue;
    }
    let need: number;
    let min: number;
    if (b >= 0xc2 && b <= 0xdf) {
      need = 1;
      min = 0x80;
    } else if (b >= 0xe0 && b <= 0xef) {
      need = 2;
      min = 0x800;
    } else if (b >= 0xf0 && b <= 0xf4) {
      need = 3;
      min = 0x10000;
    } else return i;
    if (i + need >= n) return i;
    let cp = b & (0x3f >> need);
    for (let k = 1; k <= need; k++) {
      const c = bytes[i + k];
      if (c === undefined || (c & 0xc0) !== 0x80) return i;
      cp = (cp << 6) | (c & 0x3f);
    }
    if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return i;
    i += need + 1;
  }
  return -1;
}

/** Offset of the first code unit that breaks UTF-16 (an unpaired surrogate, a lone last byte), or -1. */
export function firstInvalidUtf16(bytes: Uint8Array, littleEndian: boolean): number {
  const n = bytes.length;
  if (n % 2 === 1) return n - 1;
  const unit = (i: number): number => (littleEndian ? bytes[i] | (bytes[i + 1] << 8) : (bytes[i] << 8) | bytes[i + 1]);
  for (let i = 0; i < n; i += 2) {
    const u = unit(i);
    if (u >= 0xdc00 && u <= 0xdfff) return i;
    if (u >= 0xd800 && u <= 0xdbff) {
      if (i + 2 >= n) return i;
      const v = unit(i + 2);
      if (v < 0xdc00 || v > 0xdfff) return i;
      i += 2;
    }
  }
  return -1;
}

/**
 * Characters XML 1.0 forbids (§2.2), written literally or as a character
 * reference. xmldom lets them through; libxml2 (RELAX NG) and every other XML
 * tool refuse the file, so they are reported here, located.
 */
export function firstForbiddenChar(text: string): { offset: number; message: string } | undefined {
  // eslint-disable-next-line no-control-regex
  const literal = /[\u0001-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/.exec(text);
  const re = /<!--[\s\S]*?-->|<!\[CDATA\[[\s\S]*?\]\]>|<\?[\s\S]*?\?>|&#(?:x([0-9a-fA-F]+)|([0-9]+));/g;
  // Only character references can be reported by the loop: without "&#" it has nothing to find.
  for (let m = text.includes('&#') ? re.exec(text) : null; m && (!literal || m.index < literal.index); m = re.exec(text)) {
    if (m[1] === undefined && m[2] === undefined) continue;
    const cp = m[1] !== undefined ? parseInt(m[1], 16) : parseInt(m[2], 10);
    const ok = cp === 0x9 || cp === 0xa || cp === 0xd || (cp >= 0x20 && cp <= 0xd7ff) || (cp >= 0xe000 && cp <= 0xfffd) || (cp >= 0x10000 && cp <= 0x10ffff);
    if (!ok) return { offset: m.index, message: `the character reference ${m[0]} stands for a character XML 1.0 does not allow` };
  }
  if (literal) {
    const cp = literal[0].charCodeAt(0).toString(16).toUpperCase().padStart(4, '0');
    return { offset: literal.index, message: `the file contains the control character U+${cp}, which XML 1.0 does not allow` };
  }
  return undefined;
}

export function decode(file: string, bytes: Uint8Array): Decoded {
  const diag = (line: number, column: number, ruleId: string, message: string, hint?: string): Decoded => ({
    diagnostics: [{ file, line, column, severity: 'error', source: 'xml', ruleId, message, hint }],
  });
  if (bytes.length === 0) {
    return diag(0, 0, 'xml-empty', 'the file is empty', 'a TEI document starts with <TEI xmlns="http://www.tei-c.org/ns/1.0">');
  }
  let text: string;
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) {
    const le = bytes[0] === 0xff;
    const bad = firstInvalidUtf16(bytes.subarray(2), le);
    if (bad >= 0) {
      return diag(0, 0, 'xml-encoding', `invalid UTF-16: ${bad === bytes.length - 2 - 1 ? 'an odd number of bytes' : `an unpaired surrogate at byte offset ${bad + 2}`}`, 'the file is damaged or truncated: save it again as UTF-8');
    }
    text = new TextDecoder(le ? 'utf-16le' : 'utf-16be', { fatal: false }).decode(bytes.subarray(2));
  } else {
    const start = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
    const nul = bytes.indexOf(0, start);
    if (nul >= 0) {
      const { line, column } = lineColAt(bytes, nul);
      return diag(
        line,
        column,
        'xml-nul-byte',
        'the file contains a NUL byte: it is binary, or UTF-16 without a byte-order mark',
        'save the file as UTF-8 text',
      );
    }
    // isUtf8 (native) judges as firstInvalidUtf8 does; the JavaScript loop then only locates the damage.
    const body = bytes.subarray(start);
    const bad = isUtf8(body) ? -1 : firstInvalidUtf8(body);
    if (bad >= 0) {
      const { line, column } = lineColAt(bytes, bad + start);
      const hex = bytes[bad + start].toString(16).toUpperCase().padStart(2, '0');
      return diag(
        line,
        column,
        'xml-encoding',
        `invalid UTF-8: byte 0x${hex} at byte offset ${bad + start}`,
        'the file is probably Latin-1 or Windows-1252: convert it to UTF-8 (e.g. iconv -f windows-1252 -t utf-8)',
      );
    }
    text = Buffer.from(bytes.buffer, bytes.byteOffset + start, bytes.length - start).toString('utf8');
  }
  const nulChar = text.indexOf('\u0000');
  if (nulChar >= 0) {
    const before = text.slice(0, nulChar);
    const line = before.split('\n').length;
    return diag(line, nulChar - before.lastIndexOf('\n'), 'xml-nul-byte', 'the file contains a NUL character', 'remove it: XML does not allow it');
  }
  return { text, diagnostics: [] };
}

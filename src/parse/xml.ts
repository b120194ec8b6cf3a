import { DOMParser } from '@xmldom/xmldom';
import type { Diagnostic } from '../diagnostic';
import { installXmldomRegexMemo, xmldomHandler } from './xmldom-tuning';

installXmldomRegexMemo();

/**
 * XML 1.0 line ends (§2.11): CR LF and lone CR. xmldom's default follows XML
 * 1.1 and also turns U+0085, U+2028 and U+2029 into line feeds: that changes
 * the text of an XML 1.0 document, and its line numbers no longer match
 * libxml2's (RELAX NG findings would point at the wrong line).
 */
function xml10LineEnds(text: string): string {
  // The usual text has no CR left (parse/load.ts turned them into LF): a search for one is cheaper than the replace.
  return text.includes('\r') ? text.replace(/\r\n?/g, '\n') : text;
}

/** Parse XML text with positions. Any report from xmldom means the file is not well-formed XML. */
export function parseXml(file: string, text: string): { doc?: Document; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  const onError = (level: 'warning' | 'error' | 'fatalError', msg: string, context?: unknown): void => {
    const loc = (context as { locator?: { lineNumber?: number; columnNumber?: number } } | undefined)?.locator;
    const message = msg.replace(/\s*@#\[line:\d+,col:\d+\]\s*$/, '').replace(/^element parse error: Error: /, '');
    // XML well-formedness is not a matter of degree: what xmldom calls a warning
    // (an unquoted attribute, say) still makes the file unusable by other tools.
    void level;
    diagnostics.push({
      file,
      line: Math.max(loc?.lineNumber ?? 0, 0),
      column: loc?.columnNumber ?? 0,
      severity: 'error',
      source: 'xml',
      ruleId: 'xml-not-well-formed',
      message,
      hint: hintFor(message),
    });
  };
  let doc: Document | undefined;
  try {
    // xmldom's own Document type is structurally the DOM Document we use everywhere.
    const domHandler = xmldomHandler();
    doc = new DOMParser({ onError, locator: true, normalizeLineEndings: xml10LineEnds, ...(domHandler ? { domHandler } : {}) }).parseFromString(text, 'text/xml') as unknown as Document;
  } catch {
    // The fatal error has been reported through onError; ParseError carries nothing more.
    doc = undefined;
  }
  if (diagnostics.length > 0) return { diagnostics: dedupe(diagnostics) };
  return { doc, diagnostics };
}

function dedupe(diags: Diagnostic[]): Diagnostic[] {
  const seen = new Set<string>();
  return diags.filter((d) => {
    const k = `${d.line}:${d.column}:${d.message}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

function hintFor(message: string): string | undefined {
  if (/tag mismatch/i.test(message)) return 'every start tag needs its own end tag, closed in reverse order of opening';
  if (/unclosed xml tag/i.test(message)) return 'the file ends before these elements are closed: is it truncated?';
  if (/missing root element/i.test(message)) return 'the file has no element at all: a TEI document starts with <TEI xmlns="http://www.tei-c.org/ns/1.0">';
  if (/redefined/i.test(message)) return 'an attribute may appear only once on an element';
  if (/quot/i.test(message)) return 'attribute values must be in quotes: name="value"';
  if (/entity/i.test(message)) return 'write & as &amp; in text and attribute values';
  return undefined;
}

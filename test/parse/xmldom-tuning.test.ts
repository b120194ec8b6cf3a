/**
 * The two xmldom costs parse/xmldom-tuning.ts removes are removed only while
 * xmldom has the shape they were written against: an upgrade that changes it
 * turns them off silently (the parse stays right, only slower). This says so
 * loudly instead. That the trees stay the same is test/rules/sameness.test.ts's.
 */
import { installXmldomRegexMemo, xmldomHandler } from '../../src/parse/xmldom-tuning';
import { parseXml } from '../../src/parse/xml';

describe('xmldom tuning', () => {
  it('applies to the installed xmldom (regex memo and text-aware handler)', () => {
    expect(installXmldomRegexMemo()).toBe(true);
    expect(xmldomHandler()).toBeDefined();
  });

  it('keeps text, CDATA, comments and their order as they are', () => {
    const { doc, diagnostics } = parseXml('t.xml', '<a>x<![CDATA[y]]>z<!--c-->w<b/>v&amp;u</a>');
    expect(diagnostics).toEqual([]);
    const kids = Array.from(doc!.documentElement.childNodes).map((n) => `${n.nodeType}:${n.nodeValue ?? n.nodeName}`);
    expect(kids).toEqual(['3:x', '4:y', '3:z', '8:c', '3:w', '1:b', '3:v&u']);
  });

  it('still words end-tag errors as before (the memoised expressions)', () => {
    expect(parseXml('t.xml', '<a><b></c></a>').diagnostics.map((d) => `${d.line}:${d.column} ${d.message}`)).toEqual(['1:4 Opening and ending tag mismatch: "b" != "c"']);
    expect(parseXml('t.xml', '<a></a b>').diagnostics.map((d) => d.message)).toEqual(['end tag name contains invalid characters: "a b"']);
  });
});

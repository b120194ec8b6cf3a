/**
 * Unit tests of the XPath subset: what it refuses (at compile time), the
 * exact dynamic error codes, the xmldom specifics, variables, and number
 * formatting. The differential tests (differential.test.ts) check the
 * semantics against SaxonJS at large.
 */
import { DOMParser } from '@xmldom/xmldom';
import { compileXPath, effectiveBooleanValue, isNode, stringValue, XPathDynamicError, XPathUnsupported, type Sequence } from '../../src/check/xpath';

const TEI = 'http://www.tei-c.org/ns/1.0';
const NS = { tei: TEI };

function parse(text: string): Document {
  return new DOMParser().parseFromString(text, 'text/xml') as unknown as Document;
}

const DOC = parse(
  `<?xml version="1.0"?><TEI xmlns="${TEI}" xmlns:x="urn:x" xml:id="t" n="1"><text><p>a<![CDATA[<b>]]></p><p x:k="v">c<!--z--><?pi d?></p></text></TEI>`,
);

function run(expr: string, context: Node | null = DOC, vars: ReadonlyMap<string, Sequence> = new Map()): Sequence {
  return compileXPath(expr, NS).evaluate(context, vars);
}

/** The result as strings: names for nodes, string values for atomics. */
function show(expr: string, context: Node | null = DOC, vars?: ReadonlyMap<string, Sequence>): string[] {
  return run(expr, context, vars).map((i) => (isNode(i) ? `<${i.nodeName}>` : stringValue(i)));
}

function errorCode(expr: string, context: Node | null = DOC): string {
  try {
    run(expr, context);
  } catch (e) {
    if (e instanceof XPathDynamicError) return e.code;
    throw e;
  }
  throw new Error(`${expr} did not fail`);
}

describe('refused at compile time (the caller falls back to SaxonJS)', () => {
  const refused = [
    'doc("a.xml")',
    'doc-available("a.xml")',
    'unparsed-text("a")',
    'current-date()',
    'format-number(1, "0")',
    'serialize(.)',
    'collection()',
    'key("k", "v")',
    'current()',
    'map { "a": 1 }',
    '[1, 2]',
    'array { 1 }',
    'function($x) { $x }',
    'count#1',
    '$f(1)',
    '(1, 2)?1',
    'switch (1) case 1 return 2 default return 3',
    'typeswitch (1) case xs:integer return 1 default return 2',
    'try { 1 } catch * { 2 }',
    '1 treat as xs:integer',
    '"a" cast as xs:date',
    '1 instance of xs:date',
    'namespace::*',
    'namespace-node()',
    'schema-element(a)',
    'element(a, xs:string)',
    'document-node(element(a))',
    'unknown:name',
    'foo()',
    'tei:foo()',
    'concat("a")',
    'substring("a")',
    'string(1, 2)',
    'contains("a", "b", "collation")',
    'matches("a", "(")',
    'matches("a", "\\\\p{IsNoSuchBlock}")',
    'matches("a", "(?i)a")',
    'for member $m in 1 return 1',
    '1 +',
    '(1',
    "'unterminated",
    '(: unterminated comment',
    '1 2',
    '``[x]``',
    'deep-equal(1, 1)',
    'idref("a")',
    'element-with-id("a")',
    '12345678901234567890',
    '0.1234567890123456789',
  ];
  test.each(refused)('%s', (e) => {
    expect(() => compileXPath(e, NS)).toThrow(XPathUnsupported);
  });

  test('an unknown prefix is refused; the built-in xml, xs and fn prefixes are known', () => {
    expect(() => compileXPath('//q:a', NS)).toThrow(/unknown namespace prefix q/);
    expect(show('fn:count(//tei:p), xs:integer("2"), string(/tei:TEI/@xml:id)')).toEqual(['2', '2', 't']);
  });

  test('a bad regex flag in a literal call is FORX0001 at run time, not a refusal', () => {
    expect(errorCode('matches("a", "a", "g")')).toBe('FORX0001');
  });
});

describe('dynamic errors carry their W3C code', () => {
  test.each([
    ['1 div 0', 'FOAR0001'],
    ['1 idiv 0', 'FOAR0001'],
    ['1 mod 0', 'FOAR0001'],
    ['"a" + 1', 'XPTY0004'],
    ['(1, 2) + 1', 'XPTY0004'],
    ['"1" = 1', 'XPTY0004'],
    ['1 eq "1"', 'XPTY0004'],
    ['xs:integer("x")', 'FORG0001'],
    ['//tei:p[1] = 1', 'FORG0001'],
    ['boolean((1, 2))', 'FORG0006'],
    ['sum(("a", "b"))', 'FORG0006'],
    ['xs:integer(1e0 div 0)', 'FOCA0002'],
    ['(1, 2)/tei:p', 'XPTY0019'],
    ['//tei:p/(., 1)', 'XPTY0018'],
    ['//tei:p | 1', 'XPTY0004'],
    ['string(//tei:p)', 'XPTY0004'],
    ['contains(1, "1")', 'XPTY0004'],
    ['codepoints-to-string(0)', 'FOCH0001'],
    ['replace("a", "x*", "y")', 'FORX0003'],
    ['replace("a", "a", "$")', 'FORX0004'],
    ['matches("a", concat("(", ""))', 'FORX0002'],
    ['matches("a", "a", concat("g", ""))', 'FORX0001'],
    ['exactly-one((1, 2))', 'FORG0005'],
    ['$nobody', 'XPST0008'],
    ['9007199254740991 + 1', 'FOAR0002'],
    ['xs:integer("99999999999999999999")', 'FOCA0003'],
  ])('%s → %s', (e, code) => {
    expect(errorCode(e)).toBe(code);
  });

  test('without a context item: XPDY0002 for ., position(), a relative path and /', () => {
    for (const e of ['.', 'position()', 'last()', 'tei:p', '@n', '/', '//tei:p', 'name()', 'string()']) expect(errorCode(e, null)).toBe('XPDY0002');
    expect(show('1 + 1', null)).toEqual(['2']);
  });

  test('an axis step on an atomic context item is XPTY0020', () => {
    expect(errorCode('(1, 2) ! tei:p')).toBe('XPTY0020');
  });
});

describe('xmldom trees as XPath sees them', () => {
  test('namespace declarations are not attributes; xml:id and prefixed attributes are', () => {
    expect(show('/tei:TEI/@*/name()')).toEqual(['xml:id', 'n']);
    expect(show('count(//@*)')).toEqual(['3']);
    expect(show('//@*:k/namespace-uri()')).toEqual(['urn:x']);
  });

  test('text and CDATA sections are text nodes; comments and PIs are nodes with string values', () => {
    expect(show('//tei:p[1]/text() ! string()')).toEqual(['a', '<b>']);
    expect(show('string(//tei:p[1])')).toEqual(['a<b>']);
    expect(show('//comment() ! string(), //processing-instruction() ! (name() || "=" || string())')).toEqual(['z', 'pi=d']);
    expect(show('data(//comment()) instance of xs:string, data(//tei:p[1]) instance of xs:untypedAtomic')).toEqual(['true', 'true']);
  });

  test('the XML declaration is not a processing instruction; a document string value is its text', () => {
    expect(show('count(/node()), count(//processing-instruction())')).toEqual(['1', '1']);
    expect(show('string(/)')).toEqual(['a<b>c']);
  });

  test('on a parentless element tree, root() is the top element and / is XPDY0050', () => {
    const doc = parse('<a><b><c/></b></a>');
    const b = doc.documentElement.firstChild!;
    doc.documentElement.removeChild(b);
    const c = b.firstChild!;
    expect(show('root()', c)).toEqual(['<b>']);
    expect(show('ancestor::node()', c)).toEqual(['<b>']);
    expect(errorCode('/', c)).toBe('XPDY0050');
    expect(errorCode('//c', c)).toBe('XPDY0050');
    expect(show('path(.)', c)).toEqual(['Q{http://www.w3.org/2005/xpath-functions}root()/Q{}c[1]']);
  });

  test('document order across axes, unions and reverse-axis positions', () => {
    expect(show('(//tei:p[2]/node(), //tei:p[1]) ! name()')).toEqual(['', '', 'pi', 'p']);
    expect(show('(//tei:p[2] | //tei:p[1] | //tei:text) ! name()')).toEqual(['text', 'p', 'p']);
    expect(show('//tei:p[2]/preceding::node()[1] ! string()')).toEqual(['<b>']);
    expect(show('//tei:p[2]/ancestor::*[1] ! name()')).toEqual(['text']);
    expect(show('(//tei:p[2]/ancestor::*)[1] ! name()')).toEqual(['TEI']);
    expect(show('//tei:p[1]/@* | /tei:TEI/@n | //tei:p')).toEqual(['<n>', '<p>', '<p>']);
  });
});

describe('variables', () => {
  test('free variables are reported, bound ones are not; names as written or Q{uri}local', () => {
    const x = compileXPath('for $a in $items return $a + $Q{urn:v}k + $tei:n', NS);
    expect([...x.freeVariables].sort()).toEqual(['Q{http://www.tei-c.org/ns/1.0}n', 'Q{urn:v}k', 'items'].sort());
    const one: Sequence = [{ type: 'xs:integer', value: 1 }];
    const vars = new Map<string, Sequence>([
      ['items', [...one, { type: 'xs:integer', value: 2 }]],
      ['Q{urn:v}k', one],
      [`Q{${TEI}}n`, one],
    ]);
    expect(x.evaluate(null, vars).map(stringValue)).toEqual(['3', '4']);
    expect(compileXPath('let $x := 1 return some $y in (1, 2) satisfies $x = $y', NS).freeVariables).toEqual([]);
  });

  test('a variable holding nodes is a context for paths', () => {
    const header = run('/tei:TEI/tei:text');
    expect(show('$h/tei:p[2]/@*:k/string()', DOC, new Map([['h', header]]))).toEqual(['v']);
  });
});

describe('numbers as strings (XPath 3.1 casting rules)', () => {
  test.each([
    ['1e6', '1.0E6'],
    ['999999e0', '999999'],
    ['1e-6', '0.000001'],
    ['1.5e-7', '1.5E-7'],
    ['12345678e0', '1.2345678E7'],
    ['-0e0', '-0'],
    ['0e0 div 0', 'NaN'],
    ['1e0 div 0', 'INF'],
    ['-1e0 div 0', '-INF'],
    ['2.50', '2.5'],
    ['10 div 4', '2.5'],
    ['6 div 2', '3'],
    ['0.1 + 0.2', '0.3'],
    ['1.0', '1'],
    ['7 idiv 2', '3'],
    ['xs:integer(1e20)', '100000000000000000000'],
    ['0.5e0', '0.5'],
  ])('%s → %s', (e, s) => {
    expect(show(`string(${e})`)).toEqual([s]);
  });
});

describe('the exported helpers', () => {
  test('effectiveBooleanValue and stringValue', () => {
    expect(effectiveBooleanValue([])).toBe(false);
    expect(effectiveBooleanValue([DOC])).toBe(true);
    expect(effectiveBooleanValue([{ type: 'xs:string', value: '' }])).toBe(false);
    expect(effectiveBooleanValue([{ type: 'xs:double', value: NaN }])).toBe(false);
    expect(() => effectiveBooleanValue([{ type: 'xs:integer', value: 1 }, { type: 'xs:integer', value: 2 }])).toThrow(XPathDynamicError);
    expect(stringValue({ type: 'xs:boolean', value: true })).toBe('true');
    expect(stringValue(DOC)).toBe('a<b>c');
  });
});

describe('paths over a larger tree', () => {
  const big = parse(`<r>${Array.from({ length: 200 }, (_, i) => `<s n="${i}"><t n="${i}"><t n="${i}b"/></t></s>`).join('')}</r>`);
  test('//name with a filtering predicate walks once and keeps document order; a positional one counts per parent', () => {
    expect(show('count(//t)', big)).toEqual(['400']);
    expect(show('count(//t[@n])', big)).toEqual(['400']);
    expect(show('count(//t[1])', big)).toEqual(['400']);
    expect(show('count((//t)[1])', big)).toEqual(['1']);
    expect(show('(//t[ends-with(@n, "b")])[last()]/@n/string()', big)).toEqual(['199b']);
    expect(show('//s[@n = 5]//t ! string(@n)', big)).toEqual(['5', '5b']);
    expect(show('//s[position() = 3]/@n/string()', big)).toEqual(['2']);
    expect(show('count(//t/..)', big)).toEqual(['400']);
    expect(show('(//t/parent::*)[2]/@n/string()', big)).toEqual(['0']);
  });
});

describe('one compiled expression over several documents', () => {
  test('a path from the root is computed per document, not shared between documents', () => {
    const x = compileXPath('count(//w/@wit), exists(//@wit)', NS);
    const a = parse('<r><w wit="#a"/><w/></r>');
    const b = parse('<r><w/></r>');
    for (let i = 0; i < 2; i++) {
      expect(x.evaluate(a.documentElement, new Map()).map(stringValue)).toEqual(['1', 'true']);
      expect(x.evaluate(b.documentElement.firstChild, new Map()).map(stringValue)).toEqual(['0', 'false']);
    }
  });

  test('a path that uses a variable is not cached', () => {
    const x = compileXPath('//w[@n = $n]/@n/string()', NS);
    const a = parse('<r><w n="1"/><w n="2"/></r>');
    const one: Sequence = [{ type: 'xs:integer', value: 1 }];
    const two: Sequence = [{ type: 'xs:integer', value: 2 }];
    expect(x.evaluate(a, new Map([['n', one]])).map(stringValue)).toEqual(['1']);
    expect(x.evaluate(a, new Map([['n', two]])).map(stringValue)).toEqual(['2']);
  });
});

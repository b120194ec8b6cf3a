/**
 * Path expressions generated from a fixed seed (every axis, node tests,
 * positional and filtering predicates, set operators, document order) for
 * the differential test: they reach combinations nobody would list by hand.
 */

export function generatedPaths(count: number, seed: number): string[] {
  let s = seed;
  const rnd = (): number => {
    s = (s * 1103515245 + 12345) % 2147483648;
    return s / 2147483648;
  };
  const pick = <T>(a: readonly T[]): T => a[Math.floor(rnd() * a.length)];
  const axes = ['child', 'descendant', 'descendant-or-self', 'self', 'parent', 'ancestor', 'ancestor-or-self', 'following-sibling', 'preceding-sibling', 'following', 'preceding', 'attribute'];
  const tests = ['node()', '*', 'tei:p', 'tei:num', 'tei:item', 'text()', 'comment()', 'tei:div', '*:note', 'element()', 'processing-instruction()'];
  const attributeTests = ['*', 'n', 'xml:id', 'type', 'node()', 'value'];
  const preds = ['[1]', '[last()]', '[2]', '[@n]', '[not(@n)]', '[. = "nine"]', '[position() > 1]', '[@n > 1]', '[normalize-space()]', '[*]', '[text()]', '[last() - 1]', '[@n = 9]', '[contains(., "e")]'];
  const starts = ['//tei:p', '(//tei:p)[2]', '//tei:item', '(//tei:num)[2]', '//tei:div', '/', '(//text())[5]', '//tei:title', '//@n/..', '(//tei:item)[last()]', '//', '//tei:body/'];
  const step = (): string => {
    const axis = pick(axes);
    const test = axis === 'attribute' ? pick(attributeTests) : pick(tests);
    return `${axis}::${test}${rnd() < 0.5 ? pick(preds) : ''}`;
  };
  const path = (): string => {
    let p = pick(starts);
    const n = 1 + Math.floor(rnd() * 2);
    for (let i = 0; i < n; i++) p += (p.endsWith('/') ? '' : '/') + step();
    return p;
  };
  const wraps: Array<(p: string) => string> = [
    (p) => p,
    (p) => `count(${p})`,
    (p) => `(${p})[1]`,
    (p) => `(${p})[last()]`,
    (p) => `${p}/name()`,
    (p) => `string-join(${p}/string(), '|')`,
    (p) => `${p} ! path(.)`,
    (p) => `(${p}) | //tei:num`,
    (p) => `(${p}) except //tei:p`,
    (p) => `(${p}) intersect //*`,
    (p) => `exists(${p})`,
    (p) => `${p} = 'nine'`,
    (p) => `sum(${p}/string-length())`,
    (p) => `for $x in ${p} return name($x)`,
    (p) => `reverse(${p})`,
    (p) => `${p}[1] << (//tei:p)[2]`,
    // Schematron's rule contexts: `//(relative path)`, with or without a union.
    () => `//(${step()}${rnd() < 0.5 ? `/${step()}` : ''})`,
    () => `//(${step()} | ${step()})`,
  ];
  const out: string[] = [];
  for (let i = 0; i < count; i++) out.push(pick(wraps)(path()));
  return out;
}

/** Operators and functions over values of every atomic type, untyped node values, empty and long sequences. */
export function generatedValues(count: number, seed: number): string[] {
  let s = seed;
  const rnd = (): number => {
    s = (s * 1103515245 + 12345) % 2147483648;
    return s / 2147483648;
  };
  const pick = <T>(a: readonly T[]): T => a[Math.floor(rnd() * a.length)];
  const values = [
    "'a'",
    "'10'",
    "' 9 '",
    "''",
    '1',
    '0',
    '-3',
    '2.5',
    '0.1',
    '1e0',
    '-0e0',
    "xs:untypedAtomic('1')",
    "xs:untypedAtomic('x')",
    '()',
    '(1, 2)',
    '//tei:item[1]/@n',
    '//tei:num[2]/@value',
    '(//tei:num)[4]/@value',
    '(//tei:item)[4]',
    'true()',
    'false()',
    "namespace-uri(/*)",
  ];
  const binary = ['=', '!=', '<', '>=', 'eq', 'ne', 'lt', 'ge', '+', '-', '*', 'div', 'idiv', 'mod', '||', 'to', 'and', 'or'];
  const unary = [
    'string(X)',
    'number(X)',
    'boolean(X)',
    'not(X)',
    'string-length(X)',
    'normalize-space(X)',
    'upper-case(X)',
    'concat(X, Y)',
    'contains(X, Y)',
    'starts-with(X, Y)',
    'substring(X, Y)',
    'substring-before(X, Y)',
    'translate(X, Y, "ab")',
    'sum((X, Y))',
    'avg((X, Y))',
    'max((X, Y))',
    'min((X, Y))',
    'distinct-values((X, Y, X))',
    'index-of((X, Y), X)',
    'round(X)',
    'abs(X)',
    'floor(X)',
    'ceiling(X)',
    'round-half-to-even(X)',
    'xs:integer(X)',
    'xs:decimal(X)',
    'xs:double(X)',
    'xs:boolean(X)',
    'X cast as xs:integer?',
    'X castable as xs:double',
    'X instance of xs:string',
    'data(X)',
    'string-join((X, Y), "-")',
    'compare(X, Y)',
    'count((X, Y))',
    'exists(X)',
    'tokenize(X, "0")',
    'matches(X, "1")',
    'replace(X, "1", "one")',
    'if (X) then Y else "no"',
    'subsequence((X, Y, 3), 2)',
    '(X, Y)[2]',
    'for $v in (X, Y) return $v',
    'some $v in (X) satisfies $v = Y',
  ];
  const out: string[] = [];
  for (let i = 0; i < count; i++) {
    const x = pick(values);
    const y = pick(values);
    out.push(rnd() < 0.4 ? `${x} ${pick(binary)} ${y}` : pick(unary).replace('X', x).replace('Y', y).replace('X', x));
  }
  return out;
}

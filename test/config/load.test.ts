import path from 'node:path';
import type { Diagnostic } from '../../src/diagnostic';
import { formatText, ruleCounts, summaryLine } from '../../src/check/format/text';
import { applyRuleSeverities } from '../../src/check/rules/severity';
import { globToRegExpSource } from '../../src/config/glob';
import { parseJsonc } from '../../src/config/jsonc';
import { bytes, resolveConfig, type ProjectConfig } from '../../src/config/load';

const FILE = path.resolve('/project/edition.config.json');
const load = (data: unknown): ProjectConfig => resolveConfig(data, FILE, 'edition.config.json');
const fails = (data: unknown): string => {
  try {
    load(data);
  } catch (e) {
    return (e as Error).message;
  }
  throw new Error('expected a ConfigError');
};

describe('edition.config.json: checked against its schema, errors name the key and the closest valid one', () => {
  test.each([
    [{ rulez: {} }, 'edition.config.json: unknown key "rulez" (did you mean "rules"?); valid keys: extends, rules, overrides, schema, schematron, formats, paper, baseUrl, ignore, pdf, includeFolders, registers'],
    [{ rules: { 'pointer-unresolve': 'off' } }, 'edition.config.json: "rules": unknown rule "pointer-unresolve" (did you mean "pointer-unresolved"?); the rules are listed in the README (Rule catalogue)'],
    [{ rules: { 'rng-element-not-allowed': 'off' } }, 'edition.config.json: "rules": "rng-element-not-allowed" is a RELAX NG finding, which no configuration can change: a document the grammar or the XML parser refuses is not TEI (for another grammar, set "schema")'],
    [{ rules: { 'sch-corr-resp': 'warning' } }, 'edition.config.json: the severity of rule "sch-corr-resp" must be "off", "warn" or "error", not "warning" (did you mean "warn"?)'],
    [{ extends: 'strct' }, 'edition.config.json: "extends" must be "recommended" or "strict", not "strct" (did you mean "strict"?)'],
    [{ paper: 'a3' }, 'edition.config.json: "paper" must be "a4", "a5" or "letter", not "a3" (did you mean "a4"?)'],
    [{ formats: ['html', 'pfd'] }, 'edition.config.json: "formats[1]" must be "html", "txt" or "pdf", not "pfd" (did you mean "pdf"?)'],
    [{ baseUrl: 'example.org/ed' }, 'edition.config.json: "baseUrl": "example.org/ed" is not an absolute http(s) URL'],
    [{ overrides: [{ files: 'x/*.xml' }] }, 'edition.config.json: "overrides[0]" needs "rules", e.g. { "files": "letters/**/*.xml", "rules": { "paragraph-no-id": "off" } }'],
    [{ overrides: [{ files: 'x/*.xml', rules: { 'name-no-rf': 'off' } }] }, 'edition.config.json: "overrides[0].rules": unknown rule "name-no-rf" (did you mean "name-no-ref"?); the rules are listed in the README (Rule catalogue)'],
    [{ pdf: { maxMemory: 'lots' } }, 'edition.config.json: "pdf.maxMemory": "lots" is not an amount of memory: write e.g. "2GiB", "512MiB" or a number of bytes'],
    [{ pdf: { maxSecs: 3 } }, 'edition.config.json: "pdf": unknown key "maxSecs" (did you mean "maxSeconds"?); valid keys: maxMemory, maxSeconds'],
    [{ ignore: 'drafts/' }, 'edition.config.json: "ignore" must be a list, not "drafts/"'],
    [[], 'edition.config.json must hold a JSON object, e.g. { "extends": "recommended", "rules": { "paragraph-no-id": "off" } }'],
  ])('%j', (data, message) => {
    expect(fails(data)).toBe(message);
  });

  test('paths and globs are resolved against the file\'s folder; the other keys are kept', () => {
    const c = load({
      extends: 'strict',
      rules: { 'paragraph-no-id': 'off', 'sch-corr-resp': 'error' },
      overrides: [{ files: ['letters/**/*.xml'], rules: { 'name-no-ref': 'off' } }],
      schema: 'schema/tei_all.rng',
      schematron: 'house.sch',
      formats: ['html', 'txt', 'html'],
      paper: 'a5',
      baseUrl: 'https://example.org/ed/',
      ignore: ['_*.xml'],
      pdf: { maxMemory: '2GiB', maxSeconds: 30 },
      includeFolders: ['registers'],
    });
    expect(c.file).toBe(FILE);
    expect(c.schema).toBe(path.resolve('/project/schema/tei_all.rng'));
    expect(c.schematron).toEqual([path.resolve('/project/house.sch')]);
    expect(c.formats).toEqual(['html', 'txt']);
    expect(c.paper).toBe('a5');
    expect(c.pdfMaxMemory).toBe(2 * 1024 ** 3);
    expect(c.pdfMaxSeconds).toBe(30);
    expect(c.includeFolders).toEqual([path.resolve('/project/registers')]);
    expect(c.rules).toEqual({
      preset: 'strict',
      rules: { 'paragraph-no-id': 'off', 'sch-corr-resp': 'error' },
      root: path.dirname(FILE),
      overrides: [{ files: [globToRegExpSource('letters/**/*.xml')], rules: { 'name-no-ref': 'off' } }],
    });
  });

  test('memory amounts', () => {
    expect(bytes('512MiB')).toBe(512 * 1024 * 1024);
    expect(bytes('1.5 GB')).toBe(1.5e9);
    expect(bytes(1000)).toBe(1000);
  });

  test('JSON with comments: comments go, strings with // stay, errors say line and column', () => {
    expect(parseJsonc('// top\n{ "baseUrl": "https://x.org/a//b", /* c */ "paper": "a4" }')).toEqual({ baseUrl: 'https://x.org/a//b', paper: 'a4' });
    expect(() => parseJsonc('{\n  "paper": "a4",,\n}')).toThrow(expect.objectContaining({ line: 2, column: 17 }));
  });

  test.each([
    ['letters/**/*.xml', 'letters/a/b.xml', true],
    ['letters/**/*.xml', 'letters/b.xml', true],
    ['letters/*.xml', 'letters/a/b.xml', false],
    ['_*.xml', 'tei/sub/_draft.xml', true],
    ['drafts/', 'drafts/x/y.xml', true],
    ['{a,b}/*.xml', 'b/c.xml', true],
    ['a?.xml', 'ab.xml', true],
  ])('glob %s against %s: %s', (glob, file, expected) => {
    expect(new RegExp(globToRegExpSource(glob)).test(file)).toBe(expected);
  });
});

const finding = (ruleId: string, severity: Diagnostic['severity'], file = '/project/tei/a.xml', source: Diagnostic['source'] = 'rules', line = 1): Diagnostic => ({
  file, line, column: 2, severity, source, ruleId, message: `${ruleId} at ${line}`,
});

describe('rule severities apply to every stage\'s findings', () => {
  const root = path.resolve('/project');
  const base = { preset: 'recommended' as const, rules: {}, root, overrides: [] };

  test('off drops, warn and error set; RELAX NG and XML findings never change', () => {
    const diags = [
      finding('paragraph-no-id', 'warning'),
      finding('sch-corr-resp', 'warning', undefined, 'schematron'),
      finding('pointer-unresolved', 'error'),
      finding('rng-element-not-allowed', 'error', undefined, 'relaxng'),
    ];
    const out = applyRuleSeverities(diags, { ...base, rules: { 'paragraph-no-id': 'off', 'sch-corr-resp': 'error', 'pointer-unresolved': 'warn' } });
    expect(out.map((d) => [d.ruleId, d.severity])).toEqual([
      ['sch-corr-resp', 'error'],
      ['pointer-unresolved', 'warning'],
      ['rng-element-not-allowed', 'error'],
    ]);
  });

  test('strict makes warnings of the rules and of Schematron errors, not infos; rules win over it', () => {
    const diags = [finding('paragraph-no-id', 'warning'), finding('name-no-ref', 'warning'), finding('sch-edition-version', 'info', undefined, 'schematron'), finding('xinclude-refused', 'warning', undefined, 'xml')];
    const out = applyRuleSeverities(diags, { ...base, preset: 'strict', rules: { 'name-no-ref': 'warn' } });
    expect(out.map((d) => d.severity)).toEqual(['error', 'warning', 'info', 'warning']);
  });

  test('overrides apply to the files their globs match, later ones winning', () => {
    const diags = [finding('paragraph-no-id', 'warning', '/project/tei/letters/a.xml'), finding('paragraph-no-id', 'warning', '/project/tei/b.xml')];
    const out = applyRuleSeverities(diags, {
      ...base,
      rules: { 'paragraph-no-id': 'error' },
      overrides: [
        { files: [globToRegExpSource('tei/letters/**')], rules: { 'paragraph-no-id': 'warn' } },
        { files: [globToRegExpSource('a.xml')], rules: { 'paragraph-no-id': 'off' } },
      ],
    });
    expect(out.map((d) => [d.file, d.severity])).toEqual([['/project/tei/b.xml', 'error']]);
  });
});

describe('the text report', () => {
  const many = [
    ...Array.from({ length: 8871 }, (_, i) => ({ ...finding('sch-corr-resp', 'warning', 'big.xml', 'schematron', 36748 + i), message: '<reg> "x" does not say who made this regularisation (no @resp)', hint: 'add resp' })),
    finding('pointer-unresolved', 'error', 'big.xml', 'rules', 99999),
    finding('paragraph-no-id', 'warning', 'big.xml', 'rules', 5),
    finding('paragraph-no-id', 'warning', 'big.xml', 'rules', 6),
  ];

  test('errors first; a rule repeated in a file is one line with its count and first place; counts per rule at the end', () => {
    expect(formatText(many) + ruleCounts(many) + summaryLine(many, 1)).toBe(
      [
        'big.xml:99999:2: error: pointer-unresolved at 99999 [pointer-unresolved]',
        'big.xml: warning: 8,871 × sch-corr-resp: <reg> "x" does not say who made this regularisation (no @resp) — first at 36748:2; --verbose lists all',
        '  hint: add resp',
        'big.xml:5:2: warning: paragraph-no-id at 5 [paragraph-no-id]',
        'big.xml:6:2: warning: paragraph-no-id at 6 [paragraph-no-id]',
        'findings by rule:',
        '      1  error    pointer-unresolved',
        '  8,871  warning  sch-corr-resp',
        '      2  warning  paragraph-no-id',
        '1 error, 8,873 warnings in 1 file',
        '',
      ].join('\n'),
    );
  });

  test('--verbose lists every finding; --quiet prints errors only', () => {
    expect(formatText(many, { verbose: true }).split('\n').filter((l) => /\[sch-corr-resp\]$/.test(l))).toHaveLength(8871);
    expect(formatText(many, { quiet: true })).toBe('big.xml:99999:2: error: pointer-unresolved at 99999 [pointer-unresolved]\n');
    expect(summaryLine(many, 1, { quiet: true })).toBe('1 error, 8,873 warnings (warnings not shown: --quiet) in 1 file\n');
  });

  test('a single finding needs no table', () => {
    expect(ruleCounts([finding('pointer-unresolved', 'error')])).toBe('');
  });
});

/**
 * Controls in text output and diagnostics (issue 13, attack 11): an
 * unterminated U+202E in the title reversed the rest of the citation line;
 * C1 controls reached the .txt and stderr raw; a file name with a newline
 * printed a fake diagnostic line.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { citationText } from '../../src/cite/format';
import { escapeForTerminal } from '../../src/check/format/escape';
import { balanceBidi } from '../../src/text/bidi';
import { formatText } from '../../src/check/format/text';
import { parseDocument } from '../../src/parse/load';
import { renderText } from '../../src/render/text';
import { letterWith } from '../cite/helpers';
import { edition, VALID } from '../hardening/helpers';

const RLO = '\u202e';
const PDF = '\u202c';

describe('bidi controls are closed per value', () => {
  test.each([
    ['an override', `a${RLO}b`, `a${RLO}b${PDF}`],
    ['two embeddings, one closed', '\u202bx\u202ay\u202c', '\u202bx\u202ay\u202c\u202c'],
    ['an isolate with an embedding inside', '\u2067x\u202ay', '\u2067x\u202ay\u202c\u2069'],
    ['a PDI closes the embeddings inside its isolate', '\u2068x\u202dy\u2069z', '\u2068x\u202dy\u2069z'],
    ['closed already', `${RLO}x${PDF}`, `${RLO}x${PDF}`],
    ['none', 'plain', 'plain'],
  ])('%s', (_what, input, expected) => {
    expect(balanceBidi(input)).toBe(expected);
  });

  test('a title with an unterminated U+202E is closed before the rest of the citation line', () => {
    const e = letterWith((t) => t.replace('<title type="main">Open Letter to Romain Rolland</title>', `<title type="main">Open ${RLO}Letter</title>`));
    const line = citationText(e);
    // The citation's title value (main and subtitle) is closed where it ends, before ". Edited by".
    expect(line).toContain(`Open ${RLO}Letter: Brussels, 23 April 1931: A Scholarly Edition of the English Translation${PDF}. Edited by`);
    // After the title, nothing is left inside the override.
    expect(balanceBidi(line)).toBe(line);
  });
});

describe('C1 controls', () => {
  const doc = readFileSync(VALID, 'utf8').replace('this was written on', 'this was\u0085written&#x96;on');

  test('the .txt shows U+FFFD, and the loader warns where the first one is', () => {
    const loaded = parseDocument('letter.xml', Buffer.from(doc));
    expect(loaded.diagnostics.map((d) => `${d.line}:${d.column} ${d.severity} ${d.ruleId}: ${d.message}`)).toEqual([
      '24:72 warning xml-control-char: the C1 control character U+0085 (and 1 more) is not text: the HTML and plain-text outputs show \ufffd in its place',
    ]);
    const { buildEdition } = require('../../src/model/read-tei') as typeof import('../../src/model/read-tei');
    const txt = String(renderText(buildEdition(loaded.document!, { mode: 'reading' }))[0].data);
    expect(txt).toMatch(/this was\ufffdwritten\ufffdon/);
    expect(txt).not.toMatch(/[\u0080-\u009f]/);
  });

  test('diagnostics never print a raw control: they are written as \\u{…}', () => {
    const out = formatText([
      { file: 'a\u0085b.xml', line: 1, column: 2, severity: 'error', source: 'xml', ruleId: 'x', message: `@n="\u001b[2J${RLO}evil"`, hint: 'h\u2028i' },
    ]);
    expect(out).toBe('a\\u{85}b.xml:1:2: error: @n="\\u{1b}[2J\\u{202e}evil" [x]\n  hint: h\\u{2028}i\n');
    expect(escapeForTerminal('tab\tstays')).toBe('tab\tstays');
  });
});

describe('a file name with a newline', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'edition-controls-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  test('prints on one line, the newline escaped: no fake diagnostic', () => {
    const name = 'x\nforged.xml:1:1: error: FORGED [forged]\n.xml';
    writeFileSync(path.join(dir, name), readFileSync(VALID, 'utf8').replace('this was written', 'this\u0085was written'));
    const r = edition(['validate', path.join(dir, name)]);
    expect(r.code).toBe(0);
    const lines = r.stdout.split('\n');
    expect(lines.filter((l) => l.startsWith('forged.xml'))).toEqual([]);
    expect(lines[0]).toBe(`${dir}/x\\u{a}forged.xml:1:1: error: FORGED [forged]\\u{a}.xml:24:68: warning: the C1 control character U+0085 is not text: the HTML and plain-text outputs show \ufffd in its place [xml-control-char]`);
  });
});

/**
 * `edition validate` spreads its work by size (src/cli/validate-shape.ts): a
 * small run in the main thread, a larger one over worker threads (--jobs, by
 * default the cores). Whatever the shape, the report is the same: the same
 * findings in the same order, the same exit status, registers checked once,
 * and Ctrl-C answered with exit 130. Times are not asserted.
 */
import { cpSync, existsSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { variant } from '../../src/bench/corpus';
import { IN_THREAD_BYTES, ONE_DOCUMENT_IN_THREAD_BYTES } from '../../src/cli/validate-shape';
import { makeNovel } from '../../src/bench/novel';
import { CLI, edition, editionChild, LETTER, ROOT, testIf, tmp } from './helpers';

const compiled = existsSync(CLI);
const letter = readFileSync(LETTER, 'utf8');

interface JsonReport {
  diagnostics: { file: string; line?: number; column?: number; severity: string; source: string; ruleId?: string; message: string }[];
}

/** Letter number k, with one mistake of a kind chosen by k (or none), each caught by a different layer. */
function mistaken(k: number): string {
  const text = variant(letter, String(k).padStart(3, '0'));
  const swap = (from: string, to: string): string => {
    if (!text.includes(from)) throw new Error(`the letter no longer holds ${from}`);
    return text.replace(from, to);
  };
  switch (k % 5) {
    case 1:
      return swap('<date when="1931-04-23">', '<date when="1931-02-30">'); // rules: date-invalid
    case 2:
      return swap('<placeName ref="#brussels">Brussels</placeName>', '<placeName ref="#brussels">Brussels<bogus/></placeName>'); // RELAX NG
    case 3:
      return swap('<persName ref="#rolland">Romain Rolland</persName>', '<persName ref="#rolland">Romain Rolland</persname>'); // not well-formed
    case 4:
      return swap('<persName ref="#rolland">Romain Rolland</persName>', '<persName ref="#nobody">Romain Rolland</persName>'); // rules: a dangling pointer
    default:
      return text;
  }
}

/** A folder of `n` letters, a fifth of them each with one kind of mistake; their paths, in input order. */
function folderOfLetters(n: number): { dir: string; files: string[] } {
  const dir = tmp('edition-validate-threads-');
  const files: string[] = [];
  for (let k = 1; k <= n; k++) {
    const file = path.join(dir, `letter-${String(k).padStart(3, '0')}.xml`);
    writeFileSync(file, mistaken(k));
    files.push(file);
  }
  return { dir, files };
}

describe('edition validate in one thread or several', () => {
  // 30 letters of ~40 KB: over the in-thread bound, so worker threads validate them (as many as --jobs says).
  const many = compiled ? folderOfLetters(30) : { dir: '', files: [] };

  testIf(compiled, `${CLI} not built: the thread-shape tests did not run`)('the folder is large enough for worker threads', () => {
    const total = many.files.reduce((n, f) => n + readFileSync(f).length, 0);
    expect(total).toBeGreaterThan(2 * IN_THREAD_BYTES);
  });

  testIf(compiled, `${CLI} not built: the thread-shape tests did not run`)(
    'one worker, two and three: the same findings in the same order, the same exit status',
    () => {
      const one = edition(['validate', many.dir, '--jobs', '1', '--format', 'json']);
      const two = edition(['validate', many.dir, '--jobs', '2', '--format', 'json']);
      const three = edition(['validate', many.dir, '--jobs', '3', '--format', 'json']);
      expect(one.stderr).toBe('');
      expect(one.code).toBe(1);
      expect(two).toEqual(one);
      expect(three).toEqual(one);
      const { diagnostics } = JSON.parse(one.stdout) as JsonReport;
      // Every kind of mistake is found, in every letter that has it, and nowhere else.
      const files = (pred: (d: JsonReport['diagnostics'][number]) => boolean): string[] => [...new Set(diagnostics.filter(pred).map((d) => path.basename(d.file)))];
      const expected = (...kinds: number[]): string[] => many.files.filter((_, i) => kinds.includes((i + 1) % 5)).map((f) => path.basename(f));
      expect(files((d) => d.ruleId === 'date-invalid')).toEqual(expected(1));
      expect(files((d) => d.ruleId === 'xml-not-well-formed')).toEqual(expected(3));
      // The impossible date is no xs:date for the grammar either.
      expect(files((d) => d.source === 'relaxng')).toEqual(expected(1, 2));
      expect(files((d) => d.ruleId === 'pointer-unresolved')).toEqual(expected(4));
      expect(files(() => true)).toEqual(expected(1, 2, 3, 4));
      // The text report too, byte for byte.
      const text1 = edition(['validate', many.dir, '--jobs', '1']);
      const text2 = edition(['validate', many.dir, '--jobs', '2']);
      expect(text2).toEqual(text1);
      expect(text1.stdout).toMatch(/ in 30 files\n$/);
    },
    180_000,
  );

  testIf(compiled, `${CLI} not built: the thread-shape tests did not run`)(
    'a few small documents, validated in the main thread, have the findings the workers give them',
    () => {
      const some = many.files.slice(0, 5);
      expect(some.reduce((n, f) => n + readFileSync(f).length, 0)).toBeLessThanOrEqual(IN_THREAD_BYTES);
      const here = edition(['validate', ...some, '--format', 'json']);
      const workers = edition(['validate', many.dir, '--jobs', '2', '--format', 'json']);
      expect(here.code).toBe(1);
      const inSome = new Set(some);
      const fromWorkers = (JSON.parse(workers.stdout) as JsonReport).diagnostics.filter((d) => inSome.has(d.file));
      expect((JSON.parse(here.stdout) as JsonReport).diagnostics).toEqual(fromWorkers);
    },
    180_000,
  );

  testIf(compiled, `${CLI} not built: the thread-shape tests did not run`)(
    'one large document, validated alone in the main thread, has the findings a worker gives it',
    () => {
      const dir = tmp('edition-validate-threads-');
      // About 1 MiB, over the bound for several documents, with mistakes for the grammar and for the rules.
      const novel = path.join(dir, 'novel.xml');
      const text = makeNovel(1024 * 1024).replace('<head>Chapter 1</head>', '<head>Chapter 1<bogus/></head>').replace('<persName ref="#p0">', '<persName ref="#nobody">');
      writeFileSync(novel, text);
      const other = path.join(dir, 'letter.xml');
      writeFileSync(other, letter);
      expect(readFileSync(novel).length).toBeGreaterThan(IN_THREAD_BYTES);
      expect(readFileSync(novel).length).toBeLessThanOrEqual(ONE_DOCUMENT_IN_THREAD_BYTES);
      const alone = edition(['validate', novel, '--format', 'json']);
      // With a second file the input is over IN_THREAD_BYTES: a worker validates both.
      const withWorker = edition(['validate', novel, other, '--format', 'json']);
      expect(alone.code).toBe(1);
      const ofNovel = (r: { stdout: string }): JsonReport['diagnostics'] => (JSON.parse(r.stdout) as JsonReport).diagnostics.filter((d) => d.file === novel);
      const found = ofNovel(alone);
      expect(found.map((d) => d.ruleId ?? d.source)).toEqual(expect.arrayContaining(['pointer-unresolved']));
      expect(found.some((d) => d.source === 'relaxng' && /bogus/.test(d.message))).toBe(true);
      expect(found).toEqual(ofNovel(withWorker));
    },
    180_000,
  );

  testIf(compiled, `${CLI} not built: the thread-shape tests did not run`)(
    'registers are checked once, whatever the number of workers',
    () => {
      const dir = tmp('edition-validate-threads-');
      cpSync(path.join(ROOT, 'test', 'fixtures', 'projects', 'registers'), dir, { recursive: true });
      const persons = path.join(dir, 'registers', 'persons.xml');
      writeFileSync(persons, readFileSync(persons, 'utf8').replace('<birth when="1881-11-28">', '<birth when="1881-02-30">'));
      // Enough letters for two workers: the registers go to whichever has them, once.
      for (let k = 0; k < 8; k++) writeFileSync(path.join(dir, 'tei', `padding-${k}.xml`), variant(letter, `pad${k}`));
      const one = edition(['validate', '--jobs', '1', '--format', 'json'], { cwd: dir });
      const two = edition(['validate', '--jobs', '2', '--format', 'json'], { cwd: dir });
      expect(two).toEqual(one);
      const { diagnostics } = JSON.parse(two.stdout) as JsonReport;
      expect(diagnostics.filter((d) => d.ruleId === 'date-invalid').map((d) => d.file)).toEqual([path.join('registers', 'persons.xml')]);
      expect(edition(['validate', '--jobs', '2'], { cwd: dir }).stdout).toMatch(/ in 12 files\n$/);
    },
    180_000,
  );

  testIf(compiled, `${CLI} not built: the thread-shape tests did not run`)(
    "a Schematron file's own mistake is reported once, as by one thread, whatever the number of workers",
    () => {
      const sch = path.join(many.dir, '..', `${path.basename(many.dir)}-house.sch`);
      writeFileSync(sch, `<schema xmlns="http://purl.oclc.org/dsdl/schematron" queryBinding="xslt3"><ns prefix="t" uri="http://www.tei-c.org/ns/1.0"/>
  <pattern><rule context="t:TEI"><assert id="bad" test="1 +">never</assert></rule></pattern>
</schema>`);
      try {
        const one = edition(['validate', many.dir, '--schematron', sch, '--jobs', '1', '--format', 'json']);
        const two = edition(['validate', many.dir, '--schematron', sch, '--jobs', '2', '--format', 'json']);
        expect(two).toEqual(one);
        const { diagnostics } = JSON.parse(one.stdout) as JsonReport;
        expect(diagnostics.filter((d) => d.file === sch).map((d) => d.ruleId)).toEqual(['schematron-xpath']);
      } finally {
        rmSync(sch, { force: true });
      }
    },
    180_000,
  );

  testIf(compiled, `${CLI} not built: the thread-shape tests did not run`)(
    'an unreadable Schematron file: exit 2 and one line, in every shape (with and without a Schematron thread)',
    () => {
      const missing = path.join(many.dir, '..', `${path.basename(many.dir)}-missing.sch`);
      const shapes = [[many.files[0]], many.files.slice(0, 3), [many.dir, '--jobs', '1'], [many.dir, '--jobs', '2']];
      for (const args of shapes) {
        const r = edition(['validate', '--schematron', missing, ...args]);
        expect({ args, code: r.code, stderr: r.stderr, stdout: r.stdout }).toEqual({ args, code: 2, stderr: `edition: ${missing}: the Schematron file cannot be read (no such file)\n`, stdout: '' });
      }
    },
    180_000,
  );

  testIf(compiled, `${CLI} not built: the thread-shape tests did not run`)('--jobs takes a whole number, 1 or more', () => {
    const r = edition(['validate', many.dir, '--jobs', '0']);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('edition: --jobs 0: give a whole number of worker threads, 1 or more\n');
  });
});

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

const LONG_AGO = new Date('2001-01-01T00:00:00Z');

/**
 * Mark `file` unread: an access time older than its change time, which the
 * next read updates (relatime). A read is the one sign from outside that the
 * CLI has begun validating: it reads the documents only after its Ctrl-C
 * handler is in place, and before that a signal would kill it outright.
 */
function markUnread(file: string): void {
  utimesSync(file, LONG_AGO, statSync(file).mtime);
}
const wasRead = (file: string): boolean => statSync(file).atimeMs > LONG_AGO.getTime();

/** Whether this file system records reads (not mounted noatime). */
function recordsReads(): boolean {
  const dir = tmp('edition-validate-threads-');
  const probe = path.join(dir, 'probe.xml');
  writeFileSync(probe, '<probe/>');
  markUnread(probe);
  readFileSync(probe);
  return wasRead(probe);
}

/** Run validate, send SIGINT once it has read `first` (so it is validating), and wait for the exit. */
async function interrupted(args: string[], first: string): Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string; stdout: string; read: boolean }> {
  markUnread(first);
  const child = editionChild(args);
  let stderr = '';
  let stdout = '';
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  child.stdout!.on('data', (d: Buffer) => (stdout += d.toString()));
  const ended = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
  let exited = false;
  void ended.then(() => (exited = true));
  let read = false;
  for (let i = 0; i < 6000 && !exited && !(read = wasRead(first)); i++) await sleep(5);
  child.kill('SIGINT');
  return { ...(await ended), stderr, stdout, read };
}

/**
 * A house rule that takes about a second a letter (every node against every
 * node), kept beside the letters: the signal lands while the first letters are
 * checked, not after a run of a few milliseconds that a busy machine may let
 * end before the test has sent it.
 */
function slowSchematron(dir: string): string {
  const sch = path.join(dir, 'slow.sch');
  writeFileSync(
    sch,
    `<schema xmlns="http://purl.oclc.org/dsdl/schematron" queryBinding="xslt3">
  <pattern><rule context="/*"><assert id="slow" test="sum(for $a in //node(), $b in //node() return string-length($b)) ge 0">never</assert></rule></pattern>
</schema>`,
  );
  return sch;
}

const canWatch = compiled && recordsReads();
const why = `${CLI} not built, or the temporary folder does not record reads (noatime): the Ctrl-C shape tests did not run`;

describe('Ctrl-C during validate', () => {
  testIf(canWatch, why)(
    'in the main thread (a small run): exit 130 after the current document, nothing reported',
    async () => {
      const { dir, files } = folderOfLetters(5);
      expect(files.reduce((n, f) => n + readFileSync(f).length, 0)).toBeLessThanOrEqual(IN_THREAD_BYTES);
      const sch = slowSchematron(dir);
      const r = await interrupted(['validate', ...files, '--schematron', sch], files[0]);
      expect(r.read).toBe(true);
      expect({ code: r.code, signal: r.signal }).toEqual({ code: 130, signal: null });
      expect(r.stderr).toBe('edition: interrupted (SIGINT)\n');
      expect(r.stdout).toBe('');
    },
    60_000,
  );

  testIf(canWatch, why)(
    'over several workers: exit 130 at once, nothing reported',
    async () => {
      const { dir, files } = folderOfLetters(40);
      const r = await interrupted(['validate', dir, '--jobs', '2', '--schematron', slowSchematron(dir)], files[0]);
      expect(r.read).toBe(true);
      expect({ code: r.code, signal: r.signal }).toEqual({ code: 130, signal: null });
      expect(r.stderr).toBe('edition: interrupted (SIGINT)\n');
      expect(r.stdout).toBe('');
    },
    60_000,
  );
});

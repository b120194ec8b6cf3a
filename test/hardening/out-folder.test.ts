/**
 * The output folder is the user's: a build replaces only what it rebuilds,
 * holds the folder while it works, cleans up after a killed build, keeps
 * the corpus-level names for the corpus, and never writes through a link.
 * (Issue 13: Deliver 3, attacks 7–10, and the empty `assets/` of a full disk.)
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, lstatSync, mkdirSync, readFileSync, readlinkSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { writeOutputs } from '../../src/write/atomic';
import { edition, editionAsync, editionChild, expectClean, LETTER, listAll, snapshot, tmp, VALID } from './helpers';

const MANIFEST = '.edition-manifest.json';
const LOCK = '.edition-lock';
const ID = 'mett-1931-rolland';

/** Everything but the files named: they are the ones a build was asked to rebuild. */
function without(snap: Record<string, string>, ...names: string[]): Record<string, string> {
  return Object.fromEntries(Object.entries(snap).filter(([k]) => !names.includes(k)));
}

function build(args: string[], env: Record<string, string> = {}): ReturnType<typeof edition> {
  const saved = { ...process.env };
  Object.assign(process.env, env);
  try {
    const r = edition(['build', ...args]);
    expectClean(r);
    return r;
  } finally {
    for (const k of Object.keys(env)) if (saved[k] === undefined) delete process.env[k];
    else process.env[k] = saved[k];
  }
}

describe('a partial build after a full build leaves every other output byte-identical', () => {
  const out = path.join(tmp(), 'out');
  let full: Record<string, string>;

  beforeAll(() => {
    const r = build([LETTER, '--out', out, '--format', 'html,txt,pdf']);
    expect(r.code).toBe(0);
    full = snapshot(out);
    expect(Object.keys(full)).toEqual(
      expect.arrayContaining([`${ID}.html`, `${ID}.txt`, `${ID}.pdf`, `${ID}.bib`, `${ID}.ris`, `${ID}.json`, 'assets/edition.css', 'assets/edition.js']),
    );
  });

  test('--format pdf: nothing to rebuild, nothing removed', () => {
    const r = build([LETTER, '--out', out, '--format', 'pdf']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/built 0 of 1 document .*\(0 files written\); skipped 1 unchanged/);
    expect(snapshot(out)).toEqual(full);
  });

  test('--text-mode diplomatic: the diplomatic text is added beside the reading text, nothing else changes', () => {
    const r = build([LETTER, '--out', out, '--format', 'txt', '--text-mode', 'diplomatic']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/built 1 of 1 document .*\(1 file written\)/);
    expect(r.stdout).not.toMatch(/stale removed/);
    const now = snapshot(out);
    const diplomatic = Buffer.from(now[`${ID}.diplomatic.txt`], 'base64').toString('utf8');
    // The letter's <choice>s: the transmitted forms in the diplomatic text, the editor's in the reading text.
    expect(diplomatic).toContain('Goudenhoy-Kalergi[a1]');
    expect(Buffer.from(full[`${ID}.txt`], 'base64').toString('utf8')).toContain('Coudenhove-Kalergi[a1]');
    expect(without(now, `${ID}.diplomatic.txt`, MANIFEST)).toEqual(without(full, MANIFEST));
  });

  test('--paper a5: the A5 PDF is added beside the A4 one, nothing else changes', () => {
    const before = snapshot(out);
    const r = build([LETTER, '--out', out, '--format', 'pdf', '--paper', 'a5']);
    expect(r.code).toBe(0);
    expect(r.stdout).not.toMatch(/stale removed/);
    const now = snapshot(out);
    expect(now[`${ID}.a5.pdf`]).toBeDefined();
    expect(now[`${ID}.a5.pdf`]).not.toEqual(full[`${ID}.pdf`]);
    expect(without(now, `${ID}.a5.pdf`, MANIFEST)).toEqual(without(before, MANIFEST));
    // Each variant is its own kind in the manifest, with its own key and outputs.
    const manifest = JSON.parse(readFileSync(path.join(out, MANIFEST), 'utf8')) as { documents: Record<string, { kinds: Record<string, { outputs: string[] }> }> };
    const [entry] = Object.values(manifest.documents);
    expect(Object.keys(entry.kinds)).toEqual(['html', 'pdf', 'pdf:a5', 'txt', 'txt:diplomatic']);
    expect(entry.kinds['txt:diplomatic'].outputs).toEqual([`${ID}.diplomatic.txt`]);
    expect(entry.kinds['pdf:a5'].outputs).toEqual([`${ID}.a5.pdf`]);
    expect(entry.kinds.txt.outputs).toEqual([`${ID}.txt`]);
  });

  test('witness builds live beside the base edition and beside each other, and so do their variants', () => {
    const before = snapshot(out);
    expect(build([LETTER, '--out', out, '--format', 'html,txt', '--witness', 'KSL']).code).toBe(0);
    const ksl = snapshot(out);
    for (const f of [`${ID}.KSL.html`, `${ID}.KSL.txt`, `${ID}.KSL.bib`]) expect(ksl[f]).toBeDefined();
    expect(without(ksl, MANIFEST, ...Object.keys(ksl).filter((f) => f.includes('.KSL.')))).toEqual(without(before, MANIFEST));

    // R: the edition records no readings of it, so there is no witness build of R (issue 14), and nothing changes.
    expect(build([LETTER, '--out', out, '--format', 'txt', '--witness', 'R']).code).toBe(1);
    const r = snapshot(out);
    expect(r).toEqual(ksl);

    expect(build([LETTER, '--out', out, '--format', 'txt', '--witness', 'KSL', '--text-mode', 'diplomatic']).code).toBe(0);
    const kd = snapshot(out);
    expect(kd[`${ID}.KSL.diplomatic.txt`]).toBeDefined();
    expect(without(kd, MANIFEST, `${ID}.KSL.diplomatic.txt`)).toEqual(without(r, MANIFEST));
  });

  test('the full build again: nothing to rebuild, the variants and the witness files stay; the default files are the first build\'s', () => {
    const before = snapshot(out);
    const r = build([LETTER, '--out', out, '--format', 'html,txt,pdf']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/built 0 of 1 document .*\(0 files written\); skipped 1 unchanged/);
    const now = snapshot(out);
    expect(now).toEqual(before);
    const others = Object.keys(now).filter((f) => /\.(KSL|R|diplomatic|a5)\.[a-z]+$/.test(f));
    expect(others.sort()).toEqual([
      `${ID}.KSL.bib`, `${ID}.KSL.diplomatic.txt`, `${ID}.KSL.html`, `${ID}.KSL.json`, `${ID}.KSL.ris`, `${ID}.KSL.txt`,
      `${ID}.a5.pdf`, `${ID}.diplomatic.txt`,
    ]);
    expect(without(now, MANIFEST, ...others)).toEqual(without(full, MANIFEST));
  });

  test('a default build after a deleted default file rebuilds it alone; the variants stay', () => {
    const before = snapshot(out);
    rmSync(path.join(out, `${ID}.txt`));
    const r = build([LETTER, '--out', out, '--format', 'txt']);
    expect(r.stdout).toMatch(/built 1 of 1 document .*\(1 file written\)/);
    expect(r.stdout).not.toMatch(/stale removed/);
    expect(snapshot(out)).toEqual(before);
  });
});

describe('the corpus page and citations.json after partial builds', () => {
  const src = tmp();
  const out = path.join(tmp(), 'out');
  for (const name of ['a', 'b', 'c']) copyFileSync(VALID, path.join(src, `${name}.xml`));

  test('a text-only build keeps the pages, the corpus page and the citations; a deleted input takes its outputs (all kinds) and its entries with it', () => {
    expect(build([src, '--out', out, '--format', 'html,txt']).code).toBe(0);
    const full = snapshot(out);
    expect(build([src, '--out', out, '--format', 'txt', '--text-mode', 'diplomatic']).code).toBe(0);
    const variants = ['a.diplomatic.txt', 'b.diplomatic.txt', 'c.diplomatic.txt'];
    const now = snapshot(out);
    for (const f of variants) expect(now[f]).toBeDefined();
    expect(without(now, ...variants, MANIFEST)).toEqual(without(full, MANIFEST));

    rmSync(path.join(src, 'c.xml'));
    const r = build([src, '--out', out, '--format', 'txt', '--text-mode', 'diplomatic']);
    // c.html, c.txt, c.diplomatic.txt and its three citation files (the assets are the other pages' too).
    expect(r.stdout).toMatch(/\(2 files written, 6 stale removed\)/);
    expect(listAll(out).filter((f) => f.startsWith('c.'))).toEqual([]);
    const cites = JSON.parse(readFileSync(path.join(out, 'citations.json'), 'utf8')) as { id: string }[];
    expect(cites.map((c) => c.id)).toEqual(['a', 'b']);
    // The corpus page no longer links to the page that is gone.
    const index = readFileSync(path.join(out, 'index.html'), 'utf8');
    expect(index).toContain('href="a.html"');
    expect(index).not.toContain('href="c.html"');
  });
});

describe('one build at a time in an output folder (attack 7)', () => {
  test('a second build while the first holds the lock refuses with a message, exit 2, and touches nothing', () => {
    const out = path.join(tmp(), 'out');
    expect(build([VALID, '--out', out, '--format', 'txt']).code).toBe(0);
    const before = snapshot(out);
    // Held by a live process on this host: this test's own.
    writeFileSync(path.join(out, LOCK), JSON.stringify({ pid: process.pid, host: os.hostname(), started: '2026-01-01T00:00:00.000Z' }));
    const held = snapshot(out);
    const r = build([VALID, '--out', out, '--format', 'txt', '--force'], { EDITION_LOCK_WAIT: '0' });
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(
      `edition: another build (pid ${process.pid}, started 2026-01-01T00:00:00.000Z) is writing into ${out}; ` +
        `run this one when it has finished, or, if no build is running, remove ${path.join(out, LOCK)}\n`,
    );
    expect(snapshot(out)).toEqual(held);
    rmSync(path.join(out, LOCK));
    expect(snapshot(out)).toEqual(before);
  });

  test('two builds of different corpora into one folder at once: the second waits, and both are in the manifest, the corpus page and the citations', async () => {
    const one = tmp();
    const two = tmp();
    for (const n of ['a', 'b']) copyFileSync(VALID, path.join(one, `${n}.xml`));
    for (const n of ['c', 'd']) copyFileSync(VALID, path.join(two, `${n}.xml`));
    const out = path.join(tmp(), 'out');
    const saved = process.env.EDITION_LOCK_WAIT;
    process.env.EDITION_LOCK_WAIT = '300';
    let runs;
    try {
      runs = await Promise.all([
        editionAsync(['build', one, '--out', out, '--format', 'html', '--jobs', '1']),
        editionAsync(['build', two, '--out', out, '--format', 'html', '--jobs', '1']),
      ]);
    } finally {
      if (saved === undefined) delete process.env.EDITION_LOCK_WAIT;
      else process.env.EDITION_LOCK_WAIT = saved;
    }
    for (const r of runs) expect([r.code, r.stderr]).toEqual([0, expect.any(String)]);
    const manifest = JSON.parse(readFileSync(path.join(out, MANIFEST), 'utf8')) as { documents: Record<string, unknown> };
    expect(Object.keys(manifest.documents).map((k) => path.basename(k)).sort()).toEqual(['a.xml', 'b.xml', 'c.xml', 'd.xml']);
    const cites = JSON.parse(readFileSync(path.join(out, 'citations.json'), 'utf8')) as { id: string }[];
    expect(cites.map((c) => c.id)).toEqual(['a', 'b', 'c', 'd']);
    const index = readFileSync(path.join(out, 'index.html'), 'utf8');
    for (const n of ['a', 'b', 'c', 'd']) expect(index).toContain(`href="${n}.html"`);
    expect(existsSync(path.join(out, LOCK))).toBe(false);
    // Neither lost the other's cache.
    expect(build([one, '--out', out, '--format', 'html']).stdout).toMatch(/skipped 2 unchanged/);
    expect(build([two, '--out', out, '--format', 'html']).stdout).toMatch(/skipped 2 unchanged/);
  });
});

describe('after kill -9 (attack 8)', () => {
  test('a build killed with SIGKILL leaves a lock and maybe temporary files; the next build removes them and builds', async () => {
    const src = tmp();
    for (let i = 0; i < 6; i++) copyFileSync(VALID, path.join(src, `l${i}.xml`));
    const out = path.join(tmp(), 'out');
    const child = editionChild(['build', src, '--out', out, '--format', 'html,txt,pdf', '--jobs', '1']);
    const exited = new Promise<void>((resolve) => child.on('close', () => resolve()));
    // Killed as soon as it holds the folder.
    while (!existsSync(path.join(out, LOCK)) && child.exitCode === null) await new Promise((r) => setTimeout(r, 20));
    child.kill('SIGKILL');
    await exited;
    expect(existsSync(path.join(out, LOCK))).toBe(true);
    // What a kill in the middle of a write leaves, in the names the write stage uses.
    mkdirSync(path.join(out, 'assets'), { recursive: true });
    writeFileSync(path.join(out, '.k00.html.tmp-4242-0'), 'half');
    writeFileSync(path.join(out, 'assets', '.edition.css.tmp-4242-3.bak'), 'old');
    writeFileSync(path.join(out, `.${MANIFEST}.tmp-4242-sync`), '{');
    // A user's own file that merely looks alike stays, and so does anything in a folder the build never writes to
    // (the output folder may be a project's root: the sweep does not descend into node_modules or .git).
    writeFileSync(path.join(out, '.notes.tmp'), 'mine');
    mkdirSync(path.join(out, 'other'));
    writeFileSync(path.join(out, 'other', '.x.html.tmp-4242-0'), 'not ours');
    const r = build([src, '--out', out, '--format', 'html,txt', '--jobs', '1']);
    expect(r.code).toBe(0);
    expect(listAll(out).filter((f) => f.includes('.tmp'))).toEqual(['.notes.tmp', 'other/.x.html.tmp-4242-0']);
    expect(existsSync(path.join(out, LOCK))).toBe(false);
    expect(listAll(out)).toEqual(expect.arrayContaining(['l0.html', 'l5.txt', 'index.html', 'citations.json']));
  });

  test('a lock whose process is gone is taken over', () => {
    const out = path.join(tmp(), 'out');
    mkdirSync(out, { recursive: true });
    const gone = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
    writeFileSync(path.join(out, LOCK), JSON.stringify({ pid: Number(gone.stdout), host: os.hostname(), started: '2026-01-01T00:00:00.000Z' }));
    const r = build([VALID, '--out', out, '--format', 'txt'], { EDITION_LOCK_WAIT: '0' });
    expect(r.code).toBe(0);
    expect(listAll(out)).toEqual([MANIFEST, 'valid.txt']);
  });
});

describe('corpus-level names are never a document\'s (attack 9)', () => {
  test('documents named "citations" and "index" fail with a worded error, and nothing of theirs is written', () => {
    const src = tmp();
    for (const n of ['a', 'b', 'citations', 'index', 'Index']) copyFileSync(VALID, path.join(src, `${n}.xml`));
    const out = path.join(tmp(), 'out');
    const r = build([src, '--out', out, '--format', 'html,txt']);
    expect(r.code).toBe(1);
    for (const [n, name, what] of [['citations', 'citations.json', "the corpus's citations"], ['index', 'index.html', 'the corpus page'], ['Index', 'Index.html', 'the corpus page']]) {
      expect(r.stderr).toContain(
        `${path.join(src, `${n}.xml`)}: error: this document's identifier "${n}" would write ${name}, which is kept for ${what}: nothing of this document is written [build-reserved-name]`,
      );
    }
    expect(listAll(out).filter((f) => /^(citations|index)\./i.test(f)).sort()).toEqual(['citations.json', 'index.html']);
    const cites = JSON.parse(readFileSync(path.join(out, 'citations.json'), 'utf8')) as { id: string }[];
    expect(cites.map((c) => c.id)).toEqual(['a', 'b']);
    expect(readFileSync(path.join(out, 'index.html'), 'utf8')).toContain('2 documents');
  });

  test('a single document named "index" is refused too: a later build of more documents needs the name', () => {
    const src = tmp();
    copyFileSync(VALID, path.join(src, 'index.xml'));
    const out = path.join(tmp(), 'out');
    const r = build([path.join(src, 'index.xml'), '--out', out, '--format', 'html']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('[build-reserved-name]');
    expect(listAll(out)).toEqual([]);
  });
});

describe('links inside the output folder (attack 10)', () => {
  test('a link at out/assets is refused: exit 2, a message, nothing written through it', () => {
    const out = path.join(tmp(), 'out');
    const elsewhere = tmp();
    mkdirSync(out, { recursive: true });
    symlinkSync(elsewhere, path.join(out, 'assets'));
    const r = build([VALID, '--out', out, '--format', 'html']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`refusing to write ${path.join(out, 'assets', 'edition.css')}: ${path.join(out, 'assets')} is a symbolic link`);
    expect(listAll(elsewhere)).toEqual([]);
    expect(readlinkSync(path.join(out, 'assets'))).toBe(elsewhere);
  });

  test('edition ids --write on a link writes the file it points to, and the link stays a link', () => {
    const dir = tmp();
    mkdirSync(path.join(dir, 'real'));
    const real = path.join(dir, 'real', 'doc.xml');
    writeFileSync(real, readFileSync(VALID, 'utf8').replace('<p xml:id="p1">', '<p>'));
    const link = path.join(dir, 'doc.xml');
    symlinkSync(real, link);
    const r = edition(['ids', link, '--write']);
    expectClean(r, [0]);
    expect(lstatSync(link).isSymbolicLink()).toBe(true);
    expect(readFileSync(real, 'utf8')).toContain('<p xml:id="p1">');
    expect(listAll(path.join(dir, 'real'))).toEqual(['doc.xml']);
  });
});

describe('a failed write leaves no folder of its own making (a full disk)', () => {
  test('assets/ is created for the unit and removed again when the unit fails', async () => {
    const out = tmp();
    // A folder where a file should go makes the commit fail after assets/ was made and written.
    mkdirSync(path.join(out, 'page.html'));
    await expect(
      writeOutputs(out, [
        { path: 'assets/edition.css', data: 'css' },
        { path: 'assets/fonts/x.woff2', data: new Uint8Array([1, 2]) },
        { path: 'page.html', data: '<p>' },
      ]),
    ).rejects.toThrow(/a folder is in the way; previous output left untouched/);
    expect(listAll(out)).toEqual([]);
    expect(existsSync(path.join(out, 'assets'))).toBe(false);
  });
});

/**
 * The published edition is versioned with its source: `out/` in the
 * repository must be exactly what `edition build` makes of `tei/` today.
 * A difference means either the TEI, the templates or the code changed and
 * out/ was not rebuilt (run `npm start` and commit out/), or the build is not
 * reproducible (a date from the clock, an absolute path, an unstable order).
 *
 * Dot-files are left out: the build cache's manifest (.edition-manifest.json)
 * records the input paths relative to the output folder, so it differs
 * between out/ and a temporary folder by design; it is not published.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { edition, expectNoStackTrace, ROOT } from '../cli/run';
import { tempDir } from '../temp';

const OUT = path.join(ROOT, 'out');

function published(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile())
    .map((e) => path.relative(dir, path.join(e.parentPath, e.name)).split(path.sep).join('/'))
    .filter((rel) => !rel.split('/').some((seg) => seg.startsWith('.')))
    .sort();
}

const committed = published(OUT);

if (committed.length === 0) {
  test('out/ is the build of tei/ (SKIPPED)', () => {
    console.warn('SKIPPED: out/ holds no built files yet; build the edition (npm start) and commit out/ to enable this test');
  });
} else {
  test('out/ is, byte for byte, what `edition build tei` makes now', () => {
    const tmp = tempDir('edition-out-');
    const r = edition(['build', 'tei', '--out', tmp]);
    expectNoStackTrace(r);
    expect(r.code).toBe(0);
    const built = published(tmp);
    expect(built).toEqual(committed);
    const differing = built.filter((rel) => !readFileSync(path.join(tmp, rel)).equals(readFileSync(path.join(OUT, rel))));
    if (differing.length > 0) {
      throw new Error(`out/ is stale or the build is not reproducible; these files differ: ${differing.join(', ')}\n(rebuild with npm start and commit out/)`);
    }
  });
}

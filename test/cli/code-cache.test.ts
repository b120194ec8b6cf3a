/**
 * The code cache (src/code-cache.ts): V8's compiled code for the package's
 * modules, kept between runs in the cache folder. A run that uses it says and
 * writes exactly what a run without it does; a damaged cache file is ignored
 * and replaced; EDITION_CACHE=off writes nothing.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { CLI, LETTER, ROOT } from '../hardening/helpers';
import { tempDir } from '../temp';

const compiled = existsSync(CLI);

function run(args: string[], cache: string, extra: NodeJS.ProcessEnv = {}): { code: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [CLI, ...args], {
    cwd: ROOT,
    encoding: 'utf8',
    env: { ...process.env, EDITION_CACHE_DIR: cache, EDITION_CACHE: '', EDITION_DEBUG: '', FORCE_COLOR: '0', ...extra },
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

function codeFile(cache: string): string {
  const dir = path.join(cache, 'code');
  const files = existsSync(dir) ? readdirSync(dir) : [];
  expect(files).toEqual([`${process.version}-${process.arch}.bin`]);
  return path.join(dir, files[0]);
}

/** Every file of a folder with its bytes, for byte-for-byte comparison of two builds. */
function contents(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string): void => {
    for (const name of readdirSync(d).sort()) {
      const f = path.join(d, name);
      if (statSync(f).isDirectory()) walk(f);
      else out[path.relative(dir, f)] = readFileSync(f).toString('base64');
    }
  };
  walk(dir);
  return out;
}

(compiled ? describe : describe.skip)('the code cache', () => {
  it('is written by the first run and used as it is by the next, which says the same', () => {
    const cache = tempDir('edition-code-cache-');
    const first = run(['validate', LETTER, '--format', 'json'], cache);
    const file = codeFile(cache);
    const written = statSync(file).mtimeMs;
    const bytes = readFileSync(file);
    const second = run(['validate', LETTER, '--format', 'json'], cache);
    expect(second).toEqual(first);
    expect(first.code).toBe(0);
    // Every module came from the cache and V8 accepted it: nothing to write again.
    expect(statSync(file).mtimeMs).toBe(written);
    expect(readFileSync(file).equals(bytes)).toBe(true);
  });

  it('a damaged cache file is ignored and replaced', () => {
    const cache = tempDir('edition-code-cache-');
    const clean = run(['validate', LETTER], cache);
    const file = codeFile(cache);
    const good = readFileSync(file);
    for (const damage of [Buffer.from('not a cache'), good.subarray(0, good.length >> 1), Buffer.concat([good.subarray(0, 4), Buffer.from('{"format":1,"entries":{"x":1}}')])]) {
      writeFileSync(file, damage);
      expect(run(['validate', LETTER], cache)).toEqual(clean);
      expect(readFileSync(file).length).toBeGreaterThan(damage.length);
    }
  });

  it('a build with it writes the same bytes as a build without it', () => {
    const cache = tempDir('edition-code-cache-');
    const outs = tempDir('edition-code-cache-out-');
    const a = path.join(outs, 'a');
    const b = path.join(outs, 'b');
    const c = path.join(outs, 'c');
    expect(run(['build', LETTER, '--format', 'html,txt', '--out', a], cache).code).toBe(0);
    expect(run(['build', LETTER, '--format', 'html,txt', '--out', b], cache).code).toBe(0);
    expect(run(['build', LETTER, '--format', 'html,txt', '--out', c], cache, { EDITION_CACHE: 'off' }).code).toBe(0);
    expect(contents(b)).toEqual(contents(a));
    expect(contents(c)).toEqual(contents(a));
  });

  it('modules that are not scripts (SaxonJS, for a schema only it can run, requires an ES module) are left to Node', () => {
    const cache = tempDir('edition-code-cache-');
    const dir = tempDir('edition-code-cache-sch-');
    const sch = path.join(dir, 'saxon-only.sch');
    writeFileSync(sch, `<schema xmlns="http://purl.oclc.org/dsdl/schematron" queryBinding="xslt3"><ns prefix="t" uri="http://www.tei-c.org/ns/1.0"/>
  <pattern><rule context="t:TEI"><assert id="saxon-only" test="false() and doc-available('x.xml')">never</assert></rule></pattern></schema>`);
    // One letter: the main thread validates, so SaxonJS loads where the cache is installed (workers without a
    // Schematron thread load it too: test/hardening/validate-threads.test.ts).
    const args = ['validate', LETTER, '--schematron', sch];
    const first = run(args, cache);
    const again = run(args, cache);
    expect(again).toEqual(first);
    expect({ code: first.code, stderr: first.stderr }).toEqual({ code: 1, stderr: '' });
    expect(first.stdout).toMatch(/\[saxon-only\]/);
  });

  it('EDITION_CACHE=off keeps nothing', () => {
    const cache = tempDir('edition-code-cache-');
    expect(run(['validate', LETTER], cache, { EDITION_CACHE: 'off' }).code).toBe(0);
    expect(existsSync(path.join(cache, 'code'))).toBe(false);
  });
});

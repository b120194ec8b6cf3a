/**
 * Globs for `ignore` and `overrides[].files`, matched against paths relative
 * to the configuration file's folder with `/` separators: `*` within one
 * path segment, `**` across segments, `?` one character, `{a,b}`
 * alternatives. A pattern without a `/` matches a file name in any folder,
 * as in .gitignore. Compiled to a regular expression's source, which is
 * plain data: it travels to worker threads and into the cache key.
 */
export function globToRegExpSource(glob: string): string {
  let g = glob.replace(/\\/g, '/').replace(/^\.\//, '');
  const anywhere = !g.includes('/') || g.startsWith('**/');
  if (g.startsWith('**/')) g = g.slice(3);
  // A folder names everything below it.
  if (g.endsWith('/')) g += '**';
  let re = '';
  let braces = 0;
  for (let i = 0; i < g.length; i++) {
    const c = g[i];
    if (c === '*' && g[i + 1] === '*') {
      // `a/**/b` also matches `a/b`; a trailing `**` matches everything below.
      if (g[i + 2] === '/') {
        re += '(?:.*/)?';
        i += 2;
      } else {
        re += '.*';
        i += 1;
      }
    } else if (c === '*') re += '[^/]*';
    else if (c === '?') re += '[^/]';
    else if (c === '{') {
      braces++;
      re += '(?:';
    } else if (c === '}' && braces > 0) {
      braces--;
      re += ')';
    } else if (c === ',' && braces > 0) re += '|';
    else re += c.replace(/[.+^$()|[\]\\]/g, '\\$&');
  }
  return `^${anywhere ? '(?:.*/)?' : ''}${re}$`;
}

export function globMatches(source: string, relPath: string): boolean {
  return new RegExp(source).test(relPath);
}

import { promises as fs } from 'node:fs';
import path from 'node:path';
import { CONFIG_FILE } from './config';
import { EXIT } from './output';
import { STARTER_CONFIG, STARTER_GITIGNORE, STARTER_LETTER } from './starter';
import { usageError } from './validate';

/**
 * `edition init [folder]`: the smallest project that builds, to be changed
 * by hand. Files that exist are never overwritten (an init in a project that
 * has begun must not lose work); each file is created exclusively, so a race
 * with another writer cannot clobber it either.
 */
export async function initCommand(folder: string): Promise<number> {
  const files: [string, string][] = [
    [CONFIG_FILE, STARTER_CONFIG],
    [path.join('tei', 'letter.xml'), STARTER_LETTER],
    ['.gitignore', STARTER_GITIGNORE],
  ];
  try {
    await fs.mkdir(path.join(folder, 'tei'), { recursive: true });
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    return usageError(code === 'EEXIST' || code === 'ENOTDIR' ? `${folder}: a file is in the way, and init needs a folder there` : `${folder}: cannot create the project folder (${code})`);
  }
  const lines: string[] = [];
  for (const [rel, text] of files) {
    const full = path.join(folder, rel);
    try {
      await fs.writeFile(full, text, { flag: 'wx' });
      lines.push(`created ${full}`);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code !== 'EEXIST') return usageError(`${full}: cannot be written (${code})`);
      lines.push(`kept    ${full} (it exists)`);
    }
  }
  const cd = path.resolve(folder) === process.cwd() ? '' : `cd ${folder} && `;
  lines.push('', 'Next:', `  ${cd}edition validate      # check tei/letter.xml`, `  ${cd}edition build         # publish it into out/ (HTML, text, PDF)`);
  process.stdout.write(lines.join('\n') + '\n');
  return EXIT.ok;
}

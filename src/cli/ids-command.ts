import { promises as fs } from 'node:fs';
import { diffOf, encodeKeeping, IdsError, planIds, writeAtomically } from '../write/paragraph-ids';
import { EXIT, report } from './output';
import { usageError } from './validate';

/**
 * `edition ids <file>`: show which body paragraphs lack an xml:id and what
 * would be added (a diff); with --write, add them to the file in place.
 */
export async function idsCommand(file: string, opts: { write?: boolean }): Promise<number> {
  let bytes: Uint8Array;
  // A link is written through to the file it names: replacing the link with a copy would leave the real file unchanged.
  let target: string;
  try {
    const st = await fs.stat(file);
    if (st.isDirectory()) return usageError(`${file} is a folder: give one TEI file`);
    target = await fs.realpath(file);
    bytes = await fs.readFile(target);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    return usageError(`cannot read ${file}: ${code === 'ENOENT' ? 'no such file' : (code ?? String(e))}`);
  }
  let plan;
  try {
    plan = planIds(file, bytes);
  } catch (e) {
    if (!(e instanceof IdsError)) throw e;
    if (e.diagnostics.length > 0) process.stderr.write(report(e.diagnostics, 'text', 1));
    process.stderr.write(`edition: ${e.message}\n`);
    return EXIT.errors;
  }
  const n = plan.insertions.length;
  if (n === 0) {
    process.stderr.write(`${file}: every body paragraph has an xml:id; nothing to do\n`);
    return EXIT.ok;
  }
  const ids = plan.insertions.map((i) => i.id);
  const range = n > 3 ? `${ids[0]} … ${ids[n - 1]}` : ids.join(', ');
  if (!opts.write) {
    process.stdout.write(diffOf(plan));
    process.stderr.write(`${file}: would add ${n} xml:id${n === 1 ? '' : 's'} (${range}); run with --write to change the file\n`);
    return EXIT.ok;
  }
  try {
    // Atomic beside the real file (a temporary name in its folder, then a rename), so the link keeps pointing at it.
    await writeAtomically(target, encodeKeeping(plan.after, plan.encoding));
  } catch (e) {
    return usageError(`cannot write ${file}: ${(e as NodeJS.ErrnoException).code ?? String(e)}; the file is unchanged`);
  }
  process.stderr.write(`${file}: added ${n} xml:id${n === 1 ? '' : 's'} (${range})\n`);
  return EXIT.ok;
}

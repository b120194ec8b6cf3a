/** Generated documents for the PDF budget and signal tests (valid against the project's schema and rules). */
import { readFileSync } from 'node:fs';
import { VALID } from '../hardening/helpers';

/** A valid document with `n` apparatus entries, ten to a paragraph. */
export function apparatusDocument(n: number): string {
  let s = readFileSync(VALID, 'utf8');
  s = s.replace(
    '<sourceDesc><p>Written for the tests.</p></sourceDesc>',
    '<sourceDesc><listWit><witness xml:id="A">Witness A</witness><witness xml:id="B">Witness B</witness></listWit></sourceDesc>',
  );
  const paras: string[] = [];
  for (let i = 0; i < n; i += 10) {
    let p = '';
    for (let j = i; j < Math.min(n, i + 10); j++) p += `word <app><lem wit="#A">l${j}</lem><rdg wit="#B">r${j}</rdg></app> `;
    paras.push(`<p xml:id="p${i / 10 + 1}">${p}</p>`);
  }
  return s.replace(/<p xml:id="p1">[\s\S]*?<\/p>/, paras.join('\n'));
}

/** A large valid document: `n` paragraphs, each with a note and some markup (about 110 bytes each). */
export function largeDocument(n: number): string {
  const paras: string[] = [];
  for (let i = 1; i <= n; i++) paras.push(`<p xml:id="p${i}">Paragraph ${i} of a <hi rend="italic">long</hi> text<note>Note ${i}.</note> that goes on.</p>`);
  return readFileSync(VALID, 'utf8').replace(/<p xml:id="p1">[\s\S]*?<\/p>/, paras.join('\n'));
}

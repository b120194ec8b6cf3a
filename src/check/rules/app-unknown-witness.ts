import type { Rule } from './rule';
import { listPointers } from './suggest';
import { closestAncestor, isTei, tokens } from './tei';
import { witnessTable } from './witnesses';

/**
 * What pointer-unresolved and pointer-wrong-kind leave over for @wit: sigla
 * written without "#" (wit="A"), and witnesses that are not in a listWit.
 * A @wit pointing to nothing, or to something that is not a witness, is
 * reported by those rules and not again here.
 */
export const appUnknownWitness: Rule = {
  id: 'app-unknown-witness',
  severity: 'error',
  description: 'every @wit of a <lem>, <rdg> or <rdgGrp> names a <witness> declared in a <listWit>',
  check(ctx) {
    let declared: string[] | undefined;
    const known = (): string => {
      declared ??= witnessTable(ctx.index).declared;
      return declared.length > 0 ? `the declared witnesses are ${listPointers(declared)}` : 'the document declares no witnesses: add a <listWit> to the <sourceDesc>';
    };
    for (const name of ['lem', 'rdg', 'rdgGrp']) {
      for (const reading of ctx.index.elements(name)) {
        const attr = reading.getAttributeNode('wit');
        if (!attr) continue;
        for (const { token, offset } of tokens(attr.value)) {
          // Worked out only for a token reported: most tokens are fine, and the first call splits the text into lines.
          const at = (): ReturnType<typeof ctx.index.valuePosition> => ctx.index.valuePosition(attr, offset);
          if (token[0] === '#') {
            const target = ctx.ids.get(token.slice(1));
            if (target && isTei(target, 'witness') && !closestAncestor(target, 'listWit')) {
              ctx.report(at(), `@wit="${token}" on <${name}> names a <witness> that is not in a <listWit>`, 'declare witnesses in a <listWit> (in the <sourceDesc>), so that they can be listed in the conspectus siglorum');
            }
            continue;
          }
          // Other files' witnesses (sigla.xml#A) and prefixed pointers cannot be checked here.
          if (/[:/#.]/.test(token)) continue;
          const target = ctx.ids.get(token);
          if (isTei(target, 'witness')) {
            ctx.report(at(), `@wit="${attr.value.trim()}" on <${name}> names "${token}" without "#": it is read as a file name, not as the witness ${token}`, `write wit="#${token}"`);
          } else {
            ctx.report(at(), `@wit="${attr.value.trim()}" on <${name}> names "${token}", which is not a witness`, `@wit holds pointers ("#" and a witness's xml:id); ${known()}`);
          }
        }
      }
    }
  },
};

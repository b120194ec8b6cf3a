import type { VariantNode, Witness } from '../../model/types';

/**
 * For each reading of a variant, the witnesses whose text shows it, so that the
 * page script only has to match one token: a witness shows the reading that
 * names it, and otherwise the lemma (a lem without @wit stands for every
 * witness not cited against it), and otherwise the reading of the text.
 */
export function effectiveWitnesses(node: VariantNode, witnessIds: readonly string[]): string[][] {
  const result: string[][] = node.readings.map(() => []);
  if (witnessIds.length === 0) {
    // No conspectus: the sigla as encoded are all there is.
    node.readings.forEach((r, i) => result[i].push(...r.wits));
    return result;
  }
  let fallback = node.readings.findIndex((r) => r.lemma);
  if (fallback < 0) fallback = node.shown;
  for (const w of witnessIds) {
    let idx = node.readings.findIndex((r) => r.wits.includes(w));
    if (idx < 0) idx = fallback;
    if (idx >= 0 && idx < result.length) result[idx].push(w);
  }
  return result;
}

/** The witness a witness build was made for (matched by id, then by siglum). */
export function currentWitness(witnesses: readonly Witness[], wanted: string | undefined): Witness | undefined {
  if (!wanted) return undefined;
  return witnesses.find((w) => w.id === wanted) ?? witnesses.find((w) => w.siglum === wanted);
}

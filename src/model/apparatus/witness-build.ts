/**
 * A witness build (`edition build --witness C`): which witness it is, what
 * every output says about it, and whether the edition can show it at all.
 * Decided here once; the writers print `witnessStatement` as given.
 */
import { attr, child, isTei, localIds } from '../dom';
import type { Edition, Witness } from '../types';
import { covers, namesOf } from './extents';

/**
 * Mark the witness the base text follows (Witness.base), unless something
 * already did: the one text/@source or body/@source points to, else the only
 * witness. Several TEI documents of a teiCorpus: the first that says.
 */
export function markBaseWitness(root: Element, witnesses: Witness[]): void {
  if (witnesses.some((w) => w.base)) return;
  const real = witnesses.filter((w) => !w.members);
  const from = (el: Element | undefined): string[] => (el ? localIds(attr(el, 'source')) : []);
  const texts = isTei(root, 'teiCorpus') ? Array.from(root.getElementsByTagNameNS(root.namespaceURI ?? '', 'text')) : [child(root, 'text')];
  for (const t of texts) {
    if (!t) continue;
    const ids = [...from(t), ...from(child(t, 'body'))];
    const w = witnesses.find((x) => ids.includes(x.id));
    if (w) {
      w.base = true;
      return;
    }
  }
  if (real.length === 1) real[0].base = true;
}

/** The witness a build was asked for: by xml:id, else by siglum (`--witness 393` for xml:id="m393"). */
export function findWitness(witnesses: readonly Witness[], wanted: string | undefined): Witness | undefined {
  if (!wanted) return undefined;
  const w = wanted.replace(/^#/, '');
  return witnesses.find((x) => x.id === w) ?? witnesses.find((x) => x.siglum === w);
}

/** The one sentence every output of a witness build prints near its title. */
export const WITNESS_STATEMENT = 'Text of witness {w}';

/**
 * "Text of witness C: Vat. Chig. R. VIII 54, s. X" for a witness build;
 * undefined for the edited text.
 */
export function witnessStatement(edition: Edition): string | undefined {
  const w = findWitness(edition.witnesses, edition.options.witness);
  if (!w) return edition.options.witness ? WITNESS_STATEMENT.replace('{w}', edition.options.witness) : undefined;
  const head = WITNESS_STATEMENT.replace('{w}', w.siglum || w.id);
  const description = w.description.replace(/\s+/g, ' ').trim();
  return description ? `${head}: ${description}` : head;
}

/**
 * Whether the edition records any reading of the witness: a lem or rdg whose
 * @wit names it (or a listWit it belongs to, or, for a listWit, one of its
 * witnesses), or it is the witness the base text follows. A witness without
 * any would be printed as the base text under its siglum: a false statement.
 */
export function recordsReadingsOf(edition: Edition, witness: Witness): boolean {
  if (witness.base) return true;
  const names = namesOf(witness, edition.witnesses);
  for (const m of witness.members ?? []) names.add(m);
  return edition.apparatus.some((e) => e.readings.some((r) => covers(r.wits, names)));
}

/** The refusal of a witness build for a witness the edition records no readings of. */
export function noReadingsMessage(requested: string, witness: Witness): { message: string; hint: string } {
  const siglum = witness.siglum || witness.id;
  return {
    message: `--witness ${requested}: witness ${siglum} is declared but the edition records no readings of it, so there is no text of ${siglum} to publish`,
    hint: `cite #${witness.id} in the @wit of the readings it attests (or mark it as the base text with <text source="#${witness.id}">), or build the edited text without --witness`,
  };
}

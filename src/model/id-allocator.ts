/**
 * Generated ids (notes, apparatus entries, occurrence anchors) become HTML ids
 * and link targets: they must be deterministic (same document, same ids) and
 * never collide with an xml:id of the document or with each other.
 */
export class IdAllocator {
  private readonly taken: Set<string>;

  constructor(documentIds: Iterable<string>) {
    this.taken = new Set(documentIds);
  }

  /** `base` when free, else `base-2`, `base-3`… */
  make(base: string): string {
    let id = base;
    for (let k = 2; this.taken.has(id); k++) id = `${base}-${k}`;
    this.taken.add(id);
    return id;
  }
}

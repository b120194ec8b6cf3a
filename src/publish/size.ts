/**
 * Sizes as users write them: `2GiB`, `512 MiB`, `1.5GiB`, `2GB`, `2147483648`.
 * Binary units (KiB, MiB, GiB, TiB) and decimal ones (kB, MB, GB, TB), any
 * case; a bare number is bytes. Used by --pdf-max-memory (and open to the
 * config's `pdf.maxMemory`, which may also be a number of bytes).
 */
const UNITS: Record<string, number> = {
  '': 1, b: 1,
  kib: 1024, mib: 1024 ** 2, gib: 1024 ** 3, tib: 1024 ** 4,
  kb: 1e3, mb: 1e6, gb: 1e9, tb: 1e12,
};

/** Bytes, or undefined when `text` is not a size. */
export function parseByteSize(text: string): number | undefined {
  const m = /^\s*(\d+(?:\.\d+)?)\s*([a-z]*)\s*$/i.exec(text);
  if (!m) return undefined;
  const unit = UNITS[m[2].toLowerCase()];
  if (unit === undefined) return undefined;
  const n = Math.round(Number(m[1]) * unit);
  return Number.isSafeInteger(n) && n > 0 ? n : undefined;
}

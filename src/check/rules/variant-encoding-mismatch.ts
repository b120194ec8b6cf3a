import type { Rule } from './rule';
import { insideReading, isExternal, type Method } from '../../model/apparatus/spans';
import { apparatusFacts } from './apparatus-spans';

const SHAPE: Record<Method, string> = {
  'parallel-segmentation': 'by parallel segmentation (lem and rdg in the text)',
  'double-end-point': 'by double-end-point attachment (@from)',
  'location-referenced': 'by location reference (@loc)',
};

/**
 * Apps encoded otherwise than the header's <variantEncoding> says. Each app is
 * read by its own shape, so the edition prints right: a warning, reported
 * once per kind of contradiction (at its first app, with the count), since a
 * document that contradicts its header usually does so in every entry.
 */
export const variantEncodingMismatch: Rule = {
  id: 'variant-encoding-mismatch',
  severity: 'warning',
  description: 'every <app> is encoded by the method (and at the location) that <variantEncoding> declares',
  check(ctx) {
    const { declared, methods } = apparatusFacts(ctx);
    if (!declared.method) return;
    const groups = new Map<string, { app: Element; message: string; hint: string; count: number }>();
    const add = (key: string, app: Element, message: string, hint: string): void => {
      const g = groups.get(key);
      if (g) g.count++;
      else groups.set(key, { app, message, hint, count: 1 });
    };
    for (const { app, method } of methods) {
      if (insideReading(app)) continue;
      if (method !== declared.method) {
        add(method, app, `this <app> is encoded ${SHAPE[method]}, but <variantEncoding> declares method="${declared.method}"`,
          `declare the method the apparatus uses (<variantEncoding method="${method}" …/>), or encode the entry ${SHAPE[declared.method]}`);
        continue;
      }
      if (method === 'parallel-segmentation' || !declared.location) continue;
      const external = isExternal(app);
      if (external !== (declared.location === 'external')) {
        add(`location-${external}`, app, `this <app> stands ${external ? 'in a <listApp>, outside the text' : 'in the text'}, but <variantEncoding> declares location="${declared.location}"`,
          `declare location="${external ? 'external' : 'internal'}", or move the entries ${external ? 'into the text' : 'into a <listApp>'}`);
      }
    }
    for (const g of groups.values()) {
      const more = g.count > 1 ? ` (and ${g.count - 1} more <app> like it)` : '';
      ctx.report(g.app, `${g.message}${more}`, g.hint);
    }
  },
};

import path from 'node:path';
import { shownPath } from '../../registers/load';
import type { Rule } from './rule';
import { lineOf } from './tei';

export const registerIdDuplicate: Rule = {
  id: 'register-id-duplicate',
  severity: 'error',
  description: 'an xml:id is defined in one register only (edition.config.json "registers"): a pointer "#id" must lead to one entry',
  check(ctx) {
    const regs = ctx.registers;
    if (!regs) return;
    const self = path.resolve(ctx.document.file);
    for (const d of regs.duplicates) {
      // Reported once, in the register that defines the id again.
      if (d.second.file !== self) continue;
      const idAttr = d.second.el.getAttributeNodeNS('http://www.w3.org/XML/1998/namespace', 'id') ?? d.second.el;
      ctx.report(
        idAttr,
        `xml:id="${d.id}" is defined in two registers: ${shownPath(d.first.file)} (line ${lineOf(d.first.el)}, <${d.first.el.localName}>) and ${shownPath(d.second.file)} (line ${lineOf(d.second.el)}, <${d.second.el.localName}>)`,
        `keep one of them, or give one a different xml:id: "#${d.id}" in a document cannot say which is meant`,
      );
    }
  },
};

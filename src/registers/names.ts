import path from 'node:path';
import { sanitizeId } from '../model/dom';

/**
 * The page a register is published as (register-<file name>.html, beside the
 * corpus page): named here, apart from the page's writer, because each
 * document's index links to it too.
 */
export function registerPageName(file: string): string {
  return `register-${sanitizeId(path.basename(file).replace(/\.[^.]*$/, '')) || 'entries'}.html`;
}

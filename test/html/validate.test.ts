/**
 * html-validate (recommended rules) on the pages: valid HTML5, no duplicate
 * ids, accessible names. Two rules are adjusted, each for a stated reason.
 */
import { renderHtml, renderIndex } from '../../src/render/html';
import type { Edition } from '../../src/model/types';
import { annotatedLetter, twoWitnesses } from '../fixtures/editions';
import { citations } from '../../src/publish/citations';
import { problems } from './validation';

const page = (e: Edition, options = {}): string => String(renderHtml(e, { citations, ...options })[0].data);

test.each([
  ['letter', () => page(annotatedLetter())],
  ['two witnesses', () => page(twoWitnesses(), { witnessPages: true })],
  ['witness build', () => page(twoWitnesses('B'), { witnessPages: true })],
  ['corpus page', () => String(renderIndex([annotatedLetter(), twoWitnesses()], {})[0].data)],
])('%s: no html-validate errors', async (_name, make) => {
  expect(await problems(make())).toEqual([]);
});

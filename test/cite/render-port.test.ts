/**
 * Renderers cite only through RenderOptions.citations (issue 14, Deliver 6):
 * the publish stage hands them the cite stage's citations; a library call
 * without them gets outputs with no citation at all, never a half-made one.
 */
import { citationText } from '../../src/cite/format';
import { citations } from '../../src/publish/citations';
import { renderHtml } from '../../src/render/html';
import { renderText } from '../../src/render/text';
import { annotatedLetter, letter } from '../fixtures/editions';

const textOf = (data: string | Uint8Array): string => (typeof data === 'string' ? data : Buffer.from(data).toString('utf8'));

describe('citations come from RenderOptions.citations', () => {
  test('text: with them, the cite stage\'s citation; without them, no "How to cite" at all', () => {
    const cited = textOf(renderText(letter(), { citations })[0].data);
    expect(cited.replace(/\s+/g, ' ')).toContain(`How to cite: ${citationText(letter())}`);
    const bare = textOf(renderText(letter(), {})[0].data);
    expect(bare).not.toContain('How to cite');
    // Nothing else moves: the text after the title block is the same.
    expect(bare.slice(bare.indexOf('====='))).toBe(cited.slice(cited.indexOf('=====')));
  });

  test('HTML: without them, no "how to cite", citation metadata, ¶ citations or downloads; the text is the same', () => {
    const cited = renderHtml(annotatedLetter(), { citations });
    const bare = renderHtml(annotatedLetter(), {});
    expect(cited.map((f) => f.path)).toEqual(expect.arrayContaining(['mett-1931-rolland.bib', 'mett-1931-rolland.ris', 'mett-1931-rolland.json']));
    expect(bare.map((f) => f.path).filter((p) => !p.startsWith('assets/'))).toEqual(['mett-1931-rolland.html']);
    const page = textOf(bare[0].data);
    expect(page).not.toContain('id="how-to-cite"');
    expect(page).not.toContain('name="citation_');
    expect(page).not.toContain('application/ld+json');
    expect(page).not.toContain('data-cite=');
    const article = (html: string): string => /<article[\s\S]*<\/article>/.exec(html)![0].replace(/ data-cite="[^"]*"/g, '');
    expect(article(page)).toBe(article(textOf(cited[0].data)));
  });
});

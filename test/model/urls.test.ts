import { authorityFromIdno, authorityFromUri, safeUrl } from '../../src/model/urls';

describe('safeUrl', () => {
  test.each([
    'https://example.org/a?b#c', 'http://example.org', 'mailto:someone@example.org', '#p3', 'notes.html#n1', '../x/y.html', '/abs/path', 'file name.html',
  ])('keeps %s', (u) => expect(safeUrl(u)).toBe(u));
  test.each([
    'javascript:alert(1)', 'JavaScript:alert(1)', ' javascript:alert(1)', 'java\tscript:alert(1)', 'java\nscript:x', 'data:text/html,<script>', 'vbscript:x',
    'file:///etc/passwd', 'psn:person1', '\\\\evil.example\\x', '', '   ',
  ])('drops %j', (u) => expect(safeUrl(u)).toBeUndefined());
});

describe('authorities', () => {
  test('URIs in their usual spellings', () => {
    expect(authorityFromUri('http://www.wikidata.org/entity/Q1394')?.url).toBe('https://www.wikidata.org/wiki/Q1394');
    expect(authorityFromUri('https://www.wikidata.org/wiki/Q1394')?.value).toBe('Q1394');
    expect(authorityFromUri('https://sws.geonames.org/2988507/')?.url).toBe('https://www.geonames.org/2988507');
    expect(authorityFromUri('http://viaf.org/viaf/96151865')?.url).toBe('https://viaf.org/viaf/96151865');
    expect(authorityFromUri('https://d-nb.info/gnd/4044660-8')?.url).toBe('https://d-nb.info/gnd/4044660-8');
    expect(authorityFromUri('https://example.org/Q1')).toBeUndefined();
  });
  test('idno by @type', () => {
    expect(authorityFromIdno('wikidata', 'Q90')).toMatchObject({ scheme: 'wikidata', url: 'https://www.wikidata.org/wiki/Q90' });
    expect(authorityFromIdno('GND', '118601024')).toMatchObject({ scheme: 'gnd', url: 'https://d-nb.info/gnd/118601024' });
    expect(authorityFromIdno('VIAF', '123')).toMatchObject({ scheme: 'viaf' });
    expect(authorityFromIdno('GeoNames', '2800866')).toMatchObject({ scheme: 'geonames' });
    expect(authorityFromIdno('URL', 'http://www.wikidata.org/entity/Q90')).toMatchObject({ scheme: 'wikidata', value: 'Q90' });
    expect(authorityFromIdno('local', 'abc')).toBeUndefined();
  });
});

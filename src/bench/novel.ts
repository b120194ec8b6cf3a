/**
 * A generated novel in the manner of the ELTeC collection (chapters of
 * paragraphs with dialogue, names, places, notes and page breaks), valid
 * against tei_all and of any size: a large document for the benchmarks that
 * anyone can make again (same size, same text). Words come from a seeded
 * generator, so the text is reproducible byte for byte.
 */
const WORDS = (
  'the of and to a in that was he it his with had for as her she you not at but him on by which from be have this were they all would one ' +
  'said so when there been their no an if more could what some them into out then than up only like man over such time will little now ' +
  'before after house night window letter morning garden evening street river door heart silence voice answer moment long again'
).split(' ');
const PEOPLE = ['Anna', 'Karl', 'Marie', 'Julien', 'Elise', 'Friedrich', 'Sophie', 'Henri'];
const PLACES = ['Paris', 'Vienna', 'Lyon', 'Berlin', 'Geneva', 'Trieste'];

function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), a | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A novel of at least `bytes` characters. */
export function makeNovel(bytes: number, seed = 1931): string {
  const r = prng(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)];
  const sentence = (): string => {
    const n = 6 + Math.floor(r() * 14);
    const w: string[] = [];
    for (let i = 0; i < n; i++) {
      const x = r();
      if (x < 0.03) w.push(`<persName ref="#p${PEOPLE.indexOf(pick(PEOPLE))}">${pick(PEOPLE)}</persName>`);
      else if (x < 0.045) w.push(`<placeName>${pick(PLACES)}</placeName>`);
      else if (x < 0.06) w.push(`<hi rend="italic">${pick(WORDS)}</hi>`);
      else w.push(pick(WORDS));
    }
    const s = w.join(' ');
    return s.charAt(0).toUpperCase() + s.slice(1) + (r() < 0.1 ? '?' : '.');
  };
  const parts: string[] = [];
  let size = 0;
  let page = 1;
  let note = 1;
  let chapter = 0;
  const add = (s: string): void => {
    parts.push(s);
    size += s.length;
  };
  const people = PEOPLE.map((p, i) => `<person xml:id="p${i}"><persName>${p}</persName></person>`).join('\n          ');
  add(`<?xml version="1.0" encoding="UTF-8"?>
<TEI xmlns="http://www.tei-c.org/ns/1.0" xml:lang="en">
  <teiHeader>
    <fileDesc>
      <titleStmt><title>A Generated Novel (seed ${seed})</title><author>tei-edition benchmarks</author></titleStmt>
      <publicationStmt><p>Generated for benchmarking; not a real text.</p></publicationStmt>
      <sourceDesc><p>Made by src/bench/novel.ts.</p></sourceDesc>
    </fileDesc>
    <profileDesc>
      <particDesc>
        <listPerson>
          ${people}
        </listPerson>
      </particDesc>
    </profileDesc>
  </teiHeader>
  <text>
    <body>
`);
  while (size < bytes) {
    chapter++;
    add(`      <div type="chapter" n="${chapter}" xml:id="ch${chapter}">\n        <head>Chapter ${chapter}</head>\n`);
    const paras = 20 + Math.floor(r() * 20);
    for (let i = 0; i < paras; i++) {
      const ss: string[] = [];
      const n = 3 + Math.floor(r() * 8);
      for (let j = 0; j < n; j++) {
        const x = r();
        if (x < 0.08) ss.push(`<said who="#p${Math.floor(r() * PEOPLE.length)}">${sentence()}</said>`);
        else if (x < 0.1) ss.push(`${sentence()}<note place="foot" n="${note++}">${sentence()}</note>`);
        else if (x < 0.12) ss.push(`<pb n="${++page}"/>${sentence()}`);
        else if (x < 0.14) ss.push(`${sentence()}<lb/>`);
        else ss.push(sentence());
      }
      add(`        <p>${ss.join(' ')}</p>\n`);
    }
    add('      </div>\n');
  }
  add('    </body>\n  </text>\n</TEI>\n');
  return parts.join('');
}

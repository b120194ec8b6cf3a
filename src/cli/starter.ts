/**
 * The files `edition init` writes: a configuration that explains itself, and
 * a letter that shows the encoding this tool reads (header with licence and
 * version, correspondence description, persons and places with authority
 * links, an editorial correction) and validates and builds as it is.
 */
export const STARTER_CONFIG = `// edition.config.json: the settings of this edition project.
// Comments are allowed. Every key is optional; the command line wins over this file.
// The full reference: the README of tei-edition, "Configuration".
{
  // "recommended" (the defaults) or "strict" (every warning of the edition
  // rules and of Schematron becomes an error).
  "extends": "recommended",

  // Each rule's severity: "off", "warn" or "error" (ids: \`edition validate\`
  // prints them in brackets; the README lists them all).
  "rules": {
    // "paragraph-no-id": "off"
  },

  // Other severities for some files (globs relative to this file), e.g.
  // "overrides": [{ "files": "tei/drafts/**/*.xml", "rules": { "sch-corr-resp": "off" } }],
  "overrides": [],

  // A RELAX NG grammar instead of tei-edition's own, e.g. tei_all.rng or the
  // .rng generated from your ODD (paths are relative to this file).
  // "schema": "schema/tei_all.rng",

  // Your own Schematron rules, run after the project's.
  // "schematron": ["schema/house-rules.sch"],

  // What \`edition build\` writes, and the PDF's paper.
  "formats": ["html", "txt", "pdf"],
  "paper": "a4",

  // Where the edition will be published: makes citation URLs absolute.
  // "baseUrl": "https://example.org/my-edition/",

  // Files left out of validate and build.
  "ignore": ["tei/**/_*.xml"]
}
`;

export const STARTER_GITIGNORE = `# what edition build writes (rebuild it with: edition build)
out/
node_modules/
`;

export const STARTER_LETTER = `<?xml version="1.0" encoding="UTF-8"?>
<TEI xmlns="http://www.tei-c.org/ns/1.0" xml:lang="en">
  <teiHeader>
    <fileDesc>
      <titleStmt>
        <title>Letter from Ann Example to Ben Sample, 23 April 1931</title>
        <author ref="#ann">Ann Example</author>
        <editor xml:id="ed">Your Name</editor>
      </titleStmt>
      <editionStmt>
        <edition n="0.1.0">Edition of the letter, <date when="2026-01-01">2026</date></edition>
      </editionStmt>
      <publicationStmt>
        <publisher>Your project</publisher>
        <date when="2026-01-01">2026</date>
        <availability><licence target="https://creativecommons.org/licenses/by/4.0/">CC BY 4.0</licence></availability>
      </publicationStmt>
      <sourceDesc>
        <p>Autograph letter, one leaf (describe the source here: repository, shelfmark).</p>
      </sourceDesc>
    </fileDesc>
    <profileDesc>
      <correspDesc>
        <correspAction type="sent">
          <persName ref="#ann">Ann Example</persName>
          <placeName ref="#brussels">Brussels</placeName>
          <date when="1931-04-23">23 April 1931</date>
        </correspAction>
        <correspAction type="received">
          <persName ref="#ben">Ben Sample</persName>
        </correspAction>
      </correspDesc>
    </profileDesc>
  </teiHeader>
  <standOff>
    <listPerson>
      <person xml:id="ann"><persName>Ann Example</persName></person>
      <person xml:id="ben"><persName>Ben Sample</persName></person>
    </listPerson>
    <listPlace>
      <place xml:id="brussels">
        <placeName>Brussels</placeName>
        <idno type="URI">https://www.wikidata.org/wiki/Q239</idno>
      </place>
    </listPlace>
  </standOff>
  <text>
    <body>
      <opener>
        <dateline><placeName ref="#brussels">Brussels</placeName>, <date when="1931-04-23">23 April 1931</date></dateline>
        <salute>Dear <persName ref="#ben">Ben</persName>,</salute>
      </opener>
      <p xml:id="p1">This is the first paragraph of the letter. Replace it with your
        transcription; keep one &lt;p&gt; per paragraph, each with its own
        xml:id, so that citations can point to it.</p>
      <p xml:id="p2">An editorial correction keeps both forms: the letter was
        <choice><sic>writen</sic><corr resp="#ed">written</corr></choice> in haste.</p>
      <closer>
        <salute>Yours,</salute>
        <signed><persName ref="#ann">Ann</persName></signed>
      </closer>
    </body>
  </text>
</TEI>
`;

/**
 * Issue 3: the letter edition is valid against the official TEI P5 schema (tei_all.rng),
 * checked with libxml2 compiled to WebAssembly (xmllint-wasm). Compiling tei_all takes
 * about 15 s. Skips loudly when ../shared is absent.
 */
import * as fs from 'fs';
import * as path from 'path';
import { validateXML } from 'xmllint-wasm';
import { EDITION, TEI_ALL, readEditionXml, testIfFile } from './helpers';

const withSchema = testIfFile(TEI_ALL, 'RELAX NG validation against tei_all.rng');

withSchema(
  'tei/mett-1931-rolland.xml is valid against tei_all.rng',
  async () => {
    const result = await validateXML({
      xml: [{ fileName: path.basename(EDITION), contents: readEditionXml() }],
      schema: [{ fileName: 'tei_all.rng', contents: fs.readFileSync(TEI_ALL, 'utf8') }],
      extension: 'relaxng',
      maxMemoryPages: 32768,
    });
    expect(result.errors.map((e) => e.rawMessage)).toEqual([]);
    expect(result.valid).toBe(true);
  },
  120_000,
);

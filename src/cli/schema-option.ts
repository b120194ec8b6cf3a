import { closeSync, openSync, readSync } from 'node:fs';
import { PathError } from '../parse/paths';

/**
 * --schema (or "schema" in edition.config.json) takes a RELAX NG grammar in
 * XML syntax. Other schema files are easy to pass by mistake, and libxml2
 * answers them with "schema.rng:-1: xmlRelaxNGParse: schema.rng is empty",
 * which names neither the file nor the mistake: the kind of file is
 * recognised here, before libxml2 sees it, and the message says what to do.
 */
/** `label` names where the file was given: `--schema house.sch` (the default), or the configuration's key. */
export function checkSchemaFile(file: string, label = `--schema ${file}`): void {
  let head: string;
  try {
    const fd = openSync(file, 'r');
    try {
      const buf = Buffer.alloc(4096);
      head = buf.subarray(0, readSync(fd, buf, 0, buf.length, 0)).toString('utf8');
    } finally {
      closeSync(fd);
    }
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new PathError(code === 'ENOENT' ? `${label}: no such file` : code === 'EISDIR' ? `${label} is a folder: give the grammar file (.rng)` : `${label}: cannot be read (${code})`);
  }
  const problem = schemaFileProblem(file, head);
  if (problem) throw new PathError(`${label}: ${problem}`);
}

/** Why a file is not a RELAX NG grammar in XML syntax, from its name and first bytes; undefined when it may be one. */
export function schemaFileProblem(file: string, head: string): string | undefined {
  const text = head.replace(/^\uFEFF/, '').trimStart();
  if (text.length === 0) return 'the file is empty: --schema takes a RELAX NG grammar (.rng)';
  const root = /<(?!\?|!)([\w.-]+:)?([\w.-]+)[^>]*>/.exec(text.replace(/<!--[\s\S]*?-->/g, ''));
  const ns = root ? (new RegExp(`xmlns${root[1] ? `:${root[1].slice(0, -1)}` : ''}\\s*=\\s*["']([^"']*)["']`).exec(root[0])?.[1] ?? '') : '';
  if (root && (ns === 'http://purl.oclc.org/dsdl/schematron' || ns === 'http://www.ascc.net/xml/schematron')) {
    return 'this is a Schematron file, not a RELAX NG grammar: pass it with --schematron (or "schematron" in edition.config.json); --schema takes a .rng file';
  }
  if (root && ns === 'http://www.w3.org/2001/XMLSchema') return 'this is a W3C XML Schema (XSD), not a RELAX NG grammar: generate the .rng from your ODD (see the README, "Your own schema")';
  if (root && ns === 'http://www.tei-c.org/ns/1.0') return 'this is a TEI document (an ODD?), not a RELAX NG grammar: generate the .rng from the ODD with TEI Roma or the TEI Stylesheets (bin/teitorelaxng), then pass that';
  if (!root || !text.startsWith('<')) {
    if (/\.rnc$/i.test(file) || /^\s*(namespace|default namespace|datatypes|start\s*=|grammar\s*\{)/m.test(text)) {
      return 'this is RELAX NG compact syntax (.rnc), which libxml2 cannot read: use the XML syntax (.rng), e.g. `trang schema.rnc schema.rng`';
    }
    return 'this is not an XML file: --schema takes a RELAX NG grammar in XML syntax (.rng)';
  }
  if (ns !== 'http://relaxng.org/ns/structure/1.0') {
    return `the root element <${root[0].slice(1).split(/[\s>/]/)[0]}> is not RELAX NG (namespace http://relaxng.org/ns/structure/1.0): --schema takes a .rng grammar`;
  }
  return undefined;
}

#!/usr/bin/env node
import { Command, CommanderError, Option } from 'commander';
import { BUILTIN_STYLES, CITE_FORMATS, DEFAULT_STYLE } from '../cite/formats';
import { CONFIG_FILE } from './config';
import { EXIT } from './output';
import { version } from './version';

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

export function program(): Command {
  const cmd = new Command('edition')
    .description('Validate hand-encoded TEI P5 documents and publish them as scholarly editions (HTML, text, PDF).')
    .version(version, '-V, --version')
    .exitOverride()
    .showHelpAfterError('(run with --help for usage)')
    .configureOutput({ writeErr: (s) => process.stderr.write(s) });

  cmd
    .command('validate')
    .description('check TEI documents: well-formedness, RELAX NG, Schematron and the edition rules')
    .argument('[paths...]', 'TEI files or folders (default: tei/)')
    .option('--schema <file.rng>', `a RELAX NG grammar to use instead of the project's own (default: "schema" in ${CONFIG_FILE})`)
    .option('--schematron <file.sch>', 'your own ISO Schematron rules, in addition to the project\'s (repeatable)', collect, [])
    .addOption(new Option('--format <format>', 'how to print the findings').choices(['text', 'json', 'sarif']).default('text'))
    .option('--config <file>', `the project configuration (default: ${CONFIG_FILE} in the current folder, if there is one)`)
    .option('--quiet', 'print errors only (the summary still counts warnings)')
    .option('--verbose', 'print every finding, never grouped')
    .option('--max-warnings <n>', 'exit 1 when there are more than n warnings')
    .option('--layers <list>', 'which checks to run, comma-separated: xml, relaxng, schematron, rules (default: all)')
    .option('--jobs <n>', 'validation worker threads (default: as many as the input repays, up to the number of cores; under 256 KB of input or for one document up to 5 MiB, none)')
    .addHelpText(
      'after',
      `
Exit status: 0 no errors (warnings allowed), 1 errors found (or more warnings
than --max-warnings), 2 usage or I/O problem.

Examples:
  $ edition validate
  $ edition validate tei/mett-1931-rolland.xml
  $ edition validate corpus/ --schema tei_all.rng
  $ edition validate --format sarif > results.sarif
  $ edition validate --schematron my-house-rules.sch
  $ edition validate --quiet --max-warnings 100
  $ edition validate corpus/ --jobs 1`,
    )
    .action(async (paths: string[], o: import('./validate').ValidateCliOptions) => {
      // Loaded on demand: each command pays only for the stages it uses (start-up time is part of every run).
      const { validateCommand } = await import('./validate');
      process.exitCode = await validateCommand(paths, o);
    });

  cmd
    .command('build')
    .description('validate, then publish each valid document as HTML, plain text and PDF')
    .argument('[paths...]', 'TEI files or folders (default: tei/)')
    .option('--out <dir>', 'output folder', 'out')
    .option('--format <list>', `comma-separated outputs: html,txt,pdf (default: "formats" in ${CONFIG_FILE}, else all three)`)
    .option('--schema <file.rng>', `a RELAX NG grammar to use instead of the project's own (default: "schema" in ${CONFIG_FILE})`)
    .option('--schematron <file.sch>', 'your own ISO Schematron rules, in addition to the project\'s (repeatable)', collect, [])
    .option('--templates <dir>', 'a folder of templates overriding the project\'s own (same file names)')
    .option('--witness <siglum>', "publish one witness's text instead of the edited text")
    .addOption(new Option('--text-mode <mode>', 'plain-text output: edited reading text, or the transmitted (diplomatic) forms').choices(['reading', 'diplomatic']).default('reading'))
    .addOption(new Option('--paper <size>', `PDF paper size (default: "paper" in ${CONFIG_FILE}, else a4)`).choices(['a4', 'a5', 'letter']))
    .addOption(new Option('--report <format>', 'how to print validation findings (json and sarif go to stdout)').choices(['text', 'json', 'sarif']).default('text'))
    .option('--jobs <n>', 'worker threads for a corpus (default: the number of cores; 1 builds in one thread)')
    .option('--force', 'rebuild every document, even those unchanged since the last build')
    .option('--base-url <url>', `the address the edition is published at: makes citation URLs absolute (default: "baseUrl" in ${CONFIG_FILE})`)
    .option('--draft', 'publish documents that have errors too, as drafts: a banner lists the findings; no citation data; HTML only')
    .option('--config <file>', `the project configuration (default: ${CONFIG_FILE} in the current folder, if there is one)`)
    .option('--quiet', 'print errors only (the summary still counts warnings)')
    .option('--verbose', 'print every finding, never grouped')
    .option('--max-warnings <n>', 'exit 1 when there are more than n warnings')
    .option('--pdf-max-memory <size>', 'memory one PDF may take to typeset, e.g. 2GiB, 512MiB or bytes (default 2GiB); a PDF over it fails alone')
    .option('--pdf-max-seconds <n>', 'seconds one PDF may take to typeset (default 300); a PDF over it fails alone')
    .addHelpText(
      'after',
      `
A document with validation errors is not built (exit status 1); the others are.
With --draft it is published as a draft page, marked as such, which the next
clean build replaces.
Outputs are written atomically: a failed build leaves the previous output untouched.
Builds are incremental: a document whose text, templates, schema, options and
tool version are unchanged since the last build into the same --out is skipped
(see <out>/.edition-manifest.json); outputs of deleted documents are removed.

Examples:
  $ edition build
  $ edition build tei/ --out public --format html,pdf
  $ edition build tei/mett-1931-rolland.xml --format txt --text-mode diplomatic
  $ edition build corpus/ --schema tei_all.rng --paper a5
  $ edition build corpus/ --jobs 4 --force
  $ edition build --draft --format html`,
    )
    .action(async (paths: string[], o: import('./build').BuildCliOptions) => {
      const { buildCommand } = await import('./build');
      process.exitCode = await buildCommand(paths, o);
    });

  cmd
    .command('cite')
    .description('print how to cite each document: BibTeX, RIS, CSL-JSON, CFF, a formatted citation, or the CMIF of letters for correspSearch')
    .argument('<paths...>', 'TEI files or folders')
    .option('--format <format>', `one of ${CITE_FORMATS.join(', ')}`, 'text')
    .option('--style <style>', `CSL style for --format text: ${BUILTIN_STYLES.join(', ')}, or the path of a .csl file`, DEFAULT_STYLE)
    .option('--base-url <url>', `the address the edition is published at: makes citation URLs absolute (default: "baseUrl" in ${CONFIG_FILE})`)
    .option('--config <file>', `the project configuration (default: ${CONFIG_FILE} in the current folder, if there is one)`)
    .addHelpText(
      'after',
      `
The citation is read from the teiHeader: title, authors, editors, edition
version and date, publisher, idno (URI, DOI), licence. Without a base URL the
edition's own <idno type="URI"> is its address. Nothing depends on the clock.

Exit status: 0 printed, 1 a document could not be read as XML, 2 usage problem.

Examples:
  $ edition cite tei/mett-1931-rolland.xml
  $ edition cite tei/ --format bibtex > editions.bib
  $ edition cite tei/mett-1931-rolland.xml --format ris --base-url https://example.org/editions/
  $ edition cite tei/mett-1931-rolland.xml --format cff > CITATION.cff
  $ edition cite tei/mett-1931-rolland.xml --style apa`,
    )
    .action(async (paths: string[], o: { format: string; style?: string; baseUrl?: string; config?: string }) => {
      const { citeCommand } = await import('./cite');
      process.exitCode = await citeCommand(paths, o);
    });

  cmd
    .command('init')
    .description('start an edition project: a commented edition.config.json, tei/ with a letter that builds, a .gitignore')
    .argument('[folder]', 'where to start it (default: the current folder); created if need be')
    .addHelpText(
      'after',
      `
Nothing is overwritten: a file that already exists is left as it is, and said so.

Examples:
  $ edition init my-edition && cd my-edition && edition build`,
    )
    .action(async (folder: string | undefined) => {
      const { initCommand } = await import('./init');
      process.exitCode = await initCommand(folder ?? '.');
    });

  cmd
    .command('ids')
    .description('add stable xml:ids to body paragraphs that lack one (a dry run unless --write)')
    .argument('<file>', 'a TEI file')
    .option('--write', 'change the file (atomically), instead of showing what would change')
    .addHelpText(
      'after',
      `
Citations link to paragraphs by their xml:id (#p3): once published, an id must
stay. This command inserts xml:id="pN" into each <p> start tag of the body that
has none, numbered by paragraph order and skipping ids already taken, and
changes nothing else in the file (encoding, BOM, line ends, layout are kept).

Examples:
  $ edition ids tei/letter.xml            # show the change as a diff
  $ edition ids tei/letter.xml --write    # make it`,
    )
    .action(async (file: string, o: { write?: boolean }) => {
      const { idsCommand } = await import('./ids-command');
      process.exitCode = await idsCommand(file, o);
    });

  return cmd;
}

export async function main(argv: string[]): Promise<number> {
  try {
    await program().parseAsync(argv, { from: 'user' });
    return typeof process.exitCode === 'number' ? process.exitCode : EXIT.ok;
  } catch (e) {
    if (e instanceof CommanderError) {
      // --help and --version exit 0 through commander; usage mistakes are exit 2.
      return e.exitCode === 0 ? EXIT.ok : EXIT.usage;
    }
    // An unexpected failure is our bug, not the user's: one line, no stack, unless asked for.
    const err = e as Error;
    process.stderr.write(`edition: internal error: ${err.message}\n`);
    if (process.env.EDITION_DEBUG) process.stderr.write(`${err.stack}\n`);
    else process.stderr.write('  (set EDITION_DEBUG=1 for details, and please report it)\n');
    return 3;
  }
}

if (require.main === module) {
  // `edition cite tei/ | head`: a reader that closes the pipe early is not an error worth a stack trace.
  process.stdout.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code !== 'EPIPE') throw e;
  });
  main(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}

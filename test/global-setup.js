// @ts-check
/**
 * The test run gets a temporary folder of its own (TMPDIR, inherited by the
 * test workers and every process they start: the CLI, Chromium, Typst), so
 * that test/global-teardown.js can tell exactly what the run left behind,
 * even while other runs share the machine's temporary folder.
 */
const { mkdtempSync } = require('node:fs');
const os = require('node:os');
const path = require('node:path');

module.exports = async function globalSetup() {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'tei-edition-test-run-'));
  process.env.TEI_EDITION_TEST_TMP = dir;
  process.env.TMPDIR = dir;
};

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
  // The compiled-grammar cache (src/check/rng/cache.ts) of the run's CLI processes: not the user's cache
  // folder, and not the run's temporary folder (it is meant to last the run); removed by the teardown.
  const cache = mkdtempSync(path.join(os.tmpdir(), 'tei-edition-test-cache-'));
  process.env.TEI_EDITION_TEST_CACHE = cache;
  process.env.EDITION_CACHE_DIR = cache;
};

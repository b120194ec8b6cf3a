// @ts-check
/**
 * A test run must leave nothing in the temporary folder. Whatever is left in
 * the run's own folder (see global-setup.js) is named, removed, and fails
 * the run: each test cleans up after itself (test/temp.ts), and this says
 * which one did not.
 */
const { readdirSync, rmSync } = require('node:fs');

module.exports = async function globalTeardown() {
  const cache = process.env.TEI_EDITION_TEST_CACHE;
  if (cache) rmSync(cache, { recursive: true, force: true });
  const dir = process.env.TEI_EDITION_TEST_TMP;
  if (!dir) return;
  const left = readdirSync(dir).sort();
  rmSync(dir, { recursive: true, force: true });
  if (left.length > 0) {
    throw new Error(`the tests left ${left.length} entr${left.length === 1 ? 'y' : 'ies'} in the temporary folder (now removed): ${left.join(', ')}`);
  }
};

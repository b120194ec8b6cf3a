import { readFileSync } from 'node:fs';
import path from 'node:path';

/** The tool's version from package.json, so that --version, SARIF and build caches agree. */
export const version: string = (JSON.parse(readFileSync(path.resolve(__dirname, '..', '..', 'package.json'), 'utf8')) as { version: string }).version;

import { readFileSync } from 'node:fs';
import path from 'node:path';

/**
 * The project configuration file, `edition.config.json` in the current
 * folder: settings that belong to a publication rather than to one command
 * line. Today only `baseUrl`, the address the edition is published at,
 * which makes every citation URL absolute (page = baseUrl + `<id>.html`).
 */
export const CONFIG_FILE = 'edition.config.json';

export interface EditionConfig {
  baseUrl?: string;
}

export class ConfigError extends Error {}

export function loadConfig(cwd = process.cwd()): EditionConfig {
  const file = path.join(cwd, CONFIG_FILE);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return {};
    throw new ConfigError(`cannot read ${CONFIG_FILE}: ${(e as NodeJS.ErrnoException).code ?? String(e)}`);
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (e) {
    throw new ConfigError(`${CONFIG_FILE} is not valid JSON: ${(e as Error).message}`);
  }
  if (typeof data !== 'object' || data === null || Array.isArray(data)) throw new ConfigError(`${CONFIG_FILE} must hold a JSON object, e.g. { "baseUrl": "https://example.org/edition/" }`);
  const baseUrl = (data as { baseUrl?: unknown }).baseUrl;
  if (baseUrl === undefined) return {};
  if (typeof baseUrl !== 'string') throw new ConfigError(`${CONFIG_FILE}: "baseUrl" must be a string`);
  return { baseUrl: checkBaseUrl(baseUrl, CONFIG_FILE) };
}

/** An absolute http(s) URL, or a ConfigError naming where it came from. */
export function checkBaseUrl(value: string, from: string): string {
  const v = value.trim();
  if (!/^https?:\/\/[^\s"<>]+$/i.test(v)) throw new ConfigError(`${from}: the base URL "${value}" is not an absolute http(s) URL`);
  return v;
}

/** --base-url wins over the configuration file. */
export function resolveBaseUrl(option: string | undefined, cwd = process.cwd()): string | undefined {
  if (option !== undefined) return checkBaseUrl(option, '--base-url');
  return loadConfig(cwd).baseUrl;
}

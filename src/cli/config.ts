import path from 'node:path';
import { CONFIG_FILE, ConfigError, loadProjectConfig, type ProjectConfig } from '../config';
import { checkSchemaFile } from './schema-option';

/**
 * The project configuration as the commands see it (src/config reads and
 * checks edition.config.json): the command line wins over the file, and the
 * file over the built-in defaults.
 */
export { CONFIG_FILE, ConfigError };
export type { ProjectConfig };

/** The configuration for this run: --config, else edition.config.json in the current folder, else defaults. */
export function projectConfig(configPath: string | undefined, cliSchematron: readonly string[] = []): ProjectConfig {
  return loadProjectConfig({ configPath, schematron: cliSchematron });
}

/**
 * What validate and build both take from the command line and the project
 * file, the command line winning: the configuration, the grammar (checked
 * to be a RELAX NG file) and the Schematron files.
 */
export function projectSources(opts: { config?: string; schema?: string; schematron?: string[] }): { config: ProjectConfig; schema?: string; schematron: string[] } {
  const cliSchematron = opts.schematron ?? [];
  const config = projectConfig(opts.config, cliSchematron);
  const schema = opts.schema ?? config.schema;
  if (schema !== undefined) checkSchemaFile(schema, opts.schema !== undefined ? `--schema ${schema}` : `"schema" in ${config.file} (${schema})`);
  return { config, schema, schematron: cliSchematron.length > 0 ? cliSchematron : (config.schematron ?? []) };
}

/** An absolute http(s) URL, or a ConfigError naming where it came from. */
export function checkBaseUrl(value: string, from: string): string {
  const v = value.trim();
  if (!/^https?:\/\/[^\s"<>]+$/i.test(v)) throw new ConfigError(`${from}: the base URL "${value}" is not an absolute http(s) URL`);
  return v;
}

/** --base-url wins over the configuration file. */
export function resolveBaseUrl(option: string | undefined, config: ProjectConfig): string | undefined {
  if (option !== undefined) return checkBaseUrl(option, '--base-url');
  return config.baseUrl;
}

/** The files the configuration's `ignore` globs leave out (paths relative to the configuration's folder). */
export function withoutIgnored(files: readonly string[], config: ProjectConfig): string[] {
  if (config.ignore.length === 0) return [...files];
  const res = config.ignore.map((s) => new RegExp(s));
  return files.filter((f) => {
    const rel = path.relative(config.root, path.resolve(f)).split(path.sep).join('/');
    return !res.some((re) => re.test(rel));
  });
}

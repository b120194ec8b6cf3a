/**
 * edition.config.json: a project's settings (schema, rules and their
 * severities, outputs, paper, base URL, files to leave out), read from the
 * folder the command runs in or from --config, checked against a JSON Schema
 * (ajv) and resolved: paths become absolute, relative to the file's folder
 * (so a config means the same from wherever it is used), globs become
 * regular expressions. Command-line flags win over it (see src/cli).
 */
import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import type { ErrorObject } from 'ajv';
import type { RuleLevel, RulesConfig } from '../check/rules/severity';
import { boundedDistance } from '../check/rules/suggest';
import { globToRegExpSource } from './glob';
import { expandGlobs } from './expand';
import { JsoncError, parseJsonc } from './jsonc';
import { knownRules } from './rule-ids';
import { configSchema, FORMATS, LEVELS, MEMORY_PATTERN, PAPERS, PRESETS } from './schema';

export const CONFIG_FILE = 'edition.config.json';

/** The project's own Schematron, resolved from the installed package (as check/validate does). */
const PROJECT_SCHEMATRON = path.resolve(__dirname, '..', '..', 'schemas', 'tei-edition.sch');

export class ConfigError extends Error {}

const MAX_CONFIG_BYTES = 1024 * 1024;

type Format = (typeof FORMATS)[number];
type Paper = (typeof PAPERS)[number];

/** The file as written (after the schema check). */
export interface RawConfig {
  $schema?: string;
  extends?: (typeof PRESETS)[number];
  rules?: Record<string, RuleLevel>;
  overrides?: { files: string | string[]; rules: Record<string, RuleLevel> }[];
  schema?: string;
  schematron?: string | string[];
  formats?: Format[];
  paper?: Paper;
  baseUrl?: string;
  ignore?: string[];
  pdf?: { maxMemory?: string | number; maxSeconds?: number };
  includeFolders?: string[];
  registers?: string[];
}

/** The configuration resolved for use: absolute paths, compiled globs. Every field but rules and root is optional. */
export interface ProjectConfig {
  /** The file read (absolute), or undefined when there is none. */
  file?: string;
  /** The folder relative paths and globs are resolved against. */
  root: string;
  rules: RulesConfig;
  schema?: string;
  schematron?: string[];
  formats?: Format[];
  paper?: Paper;
  baseUrl?: string;
  /** Regular expression sources: files of the project left out of validate and build. */
  ignore: string[];
  pdfMaxMemory?: number;
  pdfMaxSeconds?: number;
  includeFolders?: string[];
  /** The register files (absolute, sorted): the "registers" globs expanded once, when the file is read. */
  registers?: string[];
}

export interface LoadOptions {
  /** --config: a file that must exist. */
  configPath?: string;
  cwd?: string;
  /** --schematron files from the command line: their check ids may be configured too. */
  schematron?: readonly string[];
}

export function defaultConfig(root: string): ProjectConfig {
  return { root, rules: { preset: 'recommended', rules: {}, root, overrides: [] }, ignore: [] };
}

export function loadProjectConfig(options: LoadOptions = {}): ProjectConfig {
  const cwd = options.cwd ?? process.cwd();
  const explicit = options.configPath !== undefined;
  const file = path.resolve(cwd, options.configPath ?? CONFIG_FILE);
  const label = explicit ? options.configPath! : CONFIG_FILE;
  let text: string;
  try {
    const st = statSync(file);
    if (st.isDirectory()) throw new ConfigError(`${label} is a folder: --config takes the configuration file itself`);
    // A pipe or a device would block or never end (as for TEI input: regular files only).
    if (!st.isFile()) throw new ConfigError(`${label} is not a regular file`);
    if (st.size > MAX_CONFIG_BYTES) throw new ConfigError(`${label} is ${st.size} bytes: a configuration is a few lines (at most 1 MiB)`);
    text = readFileSync(file, 'utf8');
  } catch (e) {
    if (e instanceof ConfigError) throw e;
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' && !explicit) return defaultConfig(cwd);
    throw new ConfigError(code === 'ENOENT' ? `${label}: no such configuration file` : `cannot read ${label}: ${code ?? String(e)}`);
  }
  let data: unknown;
  try {
    data = parseJsonc(text);
  } catch (e) {
    if (e instanceof JsoncError) throw new ConfigError(`${label}:${e.line}:${e.column}: not valid JSON: ${e.message}`);
    throw e;
  }
  return resolveConfig(data, file, label, options.schematron ?? []);
}

/** Check a parsed configuration and resolve it against the folder of `file`. */
export function resolveConfig(data: unknown, file: string, label: string, cliSchematron: readonly string[] = []): ProjectConfig {
  const root = path.dirname(file);
  if (typeof data !== 'object' || data === null || Array.isArray(data)) {
    throw new ConfigError(`${label} must hold a JSON object, e.g. { "extends": "recommended", "rules": { "paragraph-no-id": "off" } }`);
  }
  // The ids of the Schematron files named in the file itself can be configured too, so they are read first.
  const own = (data as { schematron?: unknown }).schematron;
  const ownSchematron = (typeof own === 'string' ? [own] : Array.isArray(own) ? own.filter((s): s is string => typeof s === 'string') : []).map((s) => path.resolve(root, s));
  const known = knownRules([PROJECT_SCHEMATRON, ...ownSchematron, ...cliSchematron.map((s) => path.resolve(s))]).map((r) => r.id);
  // Loaded only when there is a file to check: ajv compiles the schema to code, which costs a few milliseconds.
  const { default: Ajv } = require('ajv') as typeof import('ajv');
  // The schema is ours and fixed: no need to check it against JSON Schema's meta-schema at each run.
  const ajv = new Ajv({ allErrors: false, strict: true, allowUnionTypes: true, verbose: true, meta: false, validateSchema: false, code: { optimize: false } });
  const validate = ajv.compile(configSchema(known));
  if (!validate(data)) throw new ConfigError(`${label}: ${explain(validate.errors?.[0], data, known)}`);
  const raw = data as RawConfig;
  const config = defaultConfig(root);
  config.file = file;
  config.rules = {
    preset: raw.extends ?? 'recommended',
    rules: raw.rules ?? {},
    root,
    overrides: (raw.overrides ?? []).map((o) => ({ files: (typeof o.files === 'string' ? [o.files] : o.files).map(globToRegExpSource), rules: o.rules })),
  };
  if (raw.schema !== undefined) config.schema = path.resolve(root, raw.schema);
  if (raw.schematron !== undefined) config.schematron = ownSchematron;
  if (raw.formats !== undefined) config.formats = [...new Set(raw.formats)];
  if (raw.paper !== undefined) config.paper = raw.paper;
  if (raw.baseUrl !== undefined) config.baseUrl = raw.baseUrl.trim();
  config.ignore = (raw.ignore ?? []).map(globToRegExpSource);
  if (raw.pdf?.maxMemory !== undefined) config.pdfMaxMemory = bytes(raw.pdf.maxMemory);
  if (raw.pdf?.maxSeconds !== undefined) config.pdfMaxSeconds = raw.pdf.maxSeconds;
  if (raw.includeFolders !== undefined) config.includeFolders = raw.includeFolders.map((f) => path.resolve(root, f));
  if (raw.registers !== undefined) config.registers = expandRegisters(raw.registers, root, label);
  return config;
}

const UNITS: Record<string, number> = { B: 1, KB: 1e3, MB: 1e6, GB: 1e9, TB: 1e12, KIB: 2 ** 10, MIB: 2 ** 20, GIB: 2 ** 30, TIB: 2 ** 40 };

/** "2GiB" → 2147483648; a number is bytes already. */
export function bytes(v: string | number): number {
  if (typeof v === 'number') return v;
  const m = new RegExp(MEMORY_PATTERN).exec(v);
  if (!m) throw new ConfigError(`"${v}" is not an amount of memory: write e.g. "2GiB" or "512MiB"`);
  const n = Number(/[\d.]+/.exec(v)![0]);
  const unit = (/[KMGT]i?B|B/i.exec(v)?.[0] ?? 'B').toUpperCase();
  return Math.round(n * UNITS[unit]);
}

/** `overrides[0].rules` from ajv's `/overrides/0/rules`. */
function where(instancePath: string): string {
  let s = '';
  for (const part of instancePath.split('/').slice(1)) {
    const key = part.replace(/~1/g, '/').replace(/~0/g, '~');
    s += /^\d+$/.test(key) ? `[${key}]` : s ? `.${key}` : key;
  }
  return s;
}

function valueAt(data: unknown, instancePath: string): unknown {
  let v: unknown = data;
  for (const part of instancePath.split('/').slice(1)) v = (v as Record<string, unknown> | undefined)?.[part.replace(/~1/g, '/').replace(/~0/g, '~')];
  return v;
}

/** The candidate nearest to `word` (by edit distance; ties alphabetical). */
export function nearest(word: string, candidates: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestD = Infinity;
  for (const c of [...candidates].sort()) {
    const d = c.toLowerCase() === word.toLowerCase() ? 0 : boundedDistance(word, c, 64);
    if (d < bestD) {
      best = c;
      bestD = d;
    }
  }
  return best;
}

function didYouMean(word: string, candidates: readonly string[]): string {
  const n = nearest(word, candidates);
  return n ? ` (did you mean "${n}"?)` : '';
}

/** One ajv error as a sentence that names the key and the closest valid one. */
function explain(e: ErrorObject | undefined, data: unknown, ruleIds: readonly string[]): string {
  if (!e) return 'does not match the configuration schema';
  const at = where(e.instancePath);
  const value = valueAt(data, e.instancePath);
  const isRules = /(^|\.)rules$/.test(at);
  const shown = JSON.stringify(value);
  if (e.propertyName !== undefined && isRules) {
    const key = e.propertyName;
    if (/^(rng|xml|tei|io)-/.test(key)) {
      return `"${at}": "${key}" is a ${key.startsWith('rng-') ? 'RELAX NG' : 'well-formedness'} finding, which no configuration can change: a document the grammar or the XML parser refuses is not TEI (for another grammar, set "schema")`;
    }
    return `"${at}": unknown rule "${key}"${didYouMean(key, ruleIds)}; the rules are listed in the README (Rule catalogue)`;
  }
  switch (e.keyword) {
    case 'additionalProperties': {
      const key = (e.params as { additionalProperty: string }).additionalProperty;
      const keys = Object.keys(((e.parentSchema as { properties?: object })?.properties) ?? {}).filter((k) => k !== '$schema');
      return `${at ? `"${at}": ` : ''}unknown key "${key}"${didYouMean(key, keys)}; valid keys: ${keys.join(', ')}`;
    }
    case 'enum': {
      const allowed = (e.params as { allowedValues: string[] }).allowedValues;
      const near = typeof value === 'string' ? didYouMean(value, allowed) : '';
      const what = /^rules\./.test(at) || /\.rules\./.test(at) ? `the severity of rule "${at.replace(/^.*rules\./, '')}"` : `"${at}"`;
      return `${what} must be ${allowed.map((a) => `"${a}"`).join(', ').replace(/, ([^,]*)$/, ' or $1')}, not ${shown}${near}`;
    }
    case 'type': {
      const t = (e.params as { type: string | string[] }).type;
      return `"${at}" must be ${Array.isArray(t) ? t.map(article).join(' or ') : article(t)}, not ${shown}`;
    }
    case 'required':
      return `"${at}" needs "${(e.params as { missingProperty: string }).missingProperty}", e.g. { "files": "letters/**/*.xml", "rules": { "paragraph-no-id": "off" } }`;
    case 'pattern':
      if (at === 'baseUrl') return `"baseUrl": ${shown} is not an absolute http(s) URL`;
      if (at === 'pdf.maxMemory') return `"pdf.maxMemory": ${shown} is not an amount of memory: write e.g. "2GiB", "512MiB" or a number of bytes`;
      return `"${at}": ${shown} has the wrong form`;
    case 'minItems':
      return `"${at}" must not be empty: name at least one of ${FORMATS.join(', ')}`;
    case 'minLength':
      return `"${at}" must not be empty`;
    case 'anyOf':
      return `"${at}" must be a string or a list of strings, not ${shown}`;
    case 'minimum':
    case 'exclusiveMinimum':
      return `"${at}" must be more than 0, not ${shown}`;
    default:
      return `"${at}" ${e.message ?? 'is not valid'}`;
  }
}

function article(t: string): string {
  return t === 'object' ? 'an object' : t === 'array' ? 'a list' : t === 'integer' ? 'a whole number' : `a ${t}`;
}

export { LEVELS };

/** Every glob must name at least one file: a register that is not there would turn its pointers into errors far from the cause. */
function expandRegisters(globs: readonly string[], root: string, label: string): string[] {
  const out = new Set<string>();
  globs.forEach((g, i) => {
    const found = expandGlobs(g, root);
    if (found.length === 0) throw new ConfigError(`${label}: registers[${i}] ("${g}") names no file (globs are relative to the folder of ${label})`);
    for (const f of found) out.add(f);
  });
  return [...out];
}

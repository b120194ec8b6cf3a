/**
 * A project's say over its rules (ESLint's vocabulary): each edition rule and
 * Schematron check can be "off", "warn" or "error", for the whole project and
 * for parts of it (overrides by glob). Applied to the findings of every
 * stage, after they are made, so no rule needs to know about configuration.
 * Well-formedness and RELAX NG findings are never changed: a document the
 * grammar refuses is not TEI, whatever a project prefers.
 *
 * Plain data, so that it travels to worker threads and into the build's cache key.
 */
import path from 'node:path';
import type { Diagnostic, Severity } from '../../diagnostic';

export type RuleLevel = 'off' | 'warn' | 'error';

export interface RuleOverride {
  /** Regular expression sources (from globs), matched against paths relative to `root`. */
  files: string[];
  rules: Record<string, RuleLevel>;
}

export interface RulesConfig {
  /** "strict" makes every warning of the edition rules and of Schematron an error. */
  preset: 'recommended' | 'strict';
  rules: Record<string, RuleLevel>;
  /** The configuration file's folder (absolute): override globs are relative to it. */
  root: string;
  overrides: RuleOverride[];
}

/** The stages a project may tune; their own failures (a broken Schematron file, a crash) are not tunable. */
function tunable(d: Diagnostic): boolean {
  return (d.source === 'rules' || d.source === 'schematron') && !/^(schematron|build)-/.test(d.ruleId);
}

const LEVEL: Record<Exclude<RuleLevel, 'off'>, Severity> = { warn: 'warning', error: 'error' };

/**
 * The findings with the project's severities: "off" drops a finding, "warn"
 * and "error" set its severity. Later overrides win over earlier ones, and
 * all of them over `rules`, which wins over the preset. Returns the same
 * array when there is nothing to apply.
 */
export function applyRuleSeverities(diags: Diagnostic[], config: RulesConfig | undefined): Diagnostic[] {
  if (!config) return diags;
  const { preset, rules, overrides } = config;
  if (preset === 'recommended' && Object.keys(rules).length === 0 && overrides.length === 0) return diags;
  const compiled = overrides.map((o) => ({ files: o.files.map((s) => new RegExp(s)), rules: o.rules }));
  // A document's findings share one file: its overrides are worked out once per file, not per finding.
  const perFile = new Map<string, Record<string, RuleLevel>>();
  const levelsFor = (file: string): Record<string, RuleLevel> => {
    let levels = perFile.get(file);
    if (!levels) {
      const rel = path.relative(config.root, path.resolve(file)).split(path.sep).join('/');
      levels = { ...rules };
      for (const o of compiled) if (o.files.some((re) => re.test(rel))) Object.assign(levels, o.rules);
      perFile.set(file, levels);
    }
    return levels;
  };
  const out: Diagnostic[] = [];
  for (const d of diags) {
    if (!tunable(d)) {
      out.push(d);
      continue;
    }
    const level = levelsFor(d.file)[d.ruleId];
    if (level === 'off') continue;
    if (level) out.push(d.severity === LEVEL[level] ? d : { ...d, severity: LEVEL[level] });
    else if (preset === 'strict' && d.severity === 'warning') out.push({ ...d, severity: 'error' });
    else out.push(d);
  }
  return out;
}

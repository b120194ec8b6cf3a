export { CONFIG_FILE, ConfigError, defaultConfig, loadProjectConfig, resolveConfig, type ProjectConfig, type RawConfig } from './load';
export { globMatches, globToRegExpSource } from './glob';
export { knownRules, type KnownRule } from './rule-ids';

/**
 * The JSON Schema of edition.config.json. The rule ids are not fixed: they
 * are the edition rules and the Schematron checks in use, so the schema is
 * made per run with them as the properties of "rules".
 */
export const FORMATS = ['html', 'txt', 'pdf'] as const;
export const PAPERS = ['a4', 'a5', 'letter'] as const;
export const PRESETS = ['recommended', 'strict'] as const;
export const LEVELS = ['off', 'warn', 'error'] as const;

/** "2GiB", "512 MiB", "1.5GB" or a number of bytes. */
export const MEMORY_PATTERN = '^\\s*\\d+(\\.\\d+)?\\s*(B|[KMGT]i?B)?\\s*$';

const globs = { type: 'array', items: { type: 'string', minLength: 1 } };

export function configSchema(ruleIds: readonly string[]): object {
  // Rule ids as the allowed property names (not one property per id): ajv compiles this in a
  // fraction of the time, and every command that reads a configuration pays for the compilation.
  const rules = {
    type: 'object',
    propertyNames: { enum: [...ruleIds] },
    additionalProperties: { type: 'string', enum: [...LEVELS] },
  };
  return {
    type: 'object',
    additionalProperties: false,
    // One definition of "rules", used twice: ajv compiles it once.
    $defs: { rules },
    properties: {
      $schema: { type: 'string' },
      extends: { type: 'string', enum: [...PRESETS] },
      rules: { $ref: '#/$defs/rules' },
      overrides: {
        type: 'array',
        items: {
          type: 'object',
          additionalProperties: false,
          required: ['files', 'rules'],
          properties: {
            files: { anyOf: [{ type: 'string', minLength: 1 }, globs] },
            rules: { $ref: '#/$defs/rules' },
          },
        },
      },
      schema: { type: 'string', minLength: 1 },
      schematron: { anyOf: [{ type: 'string', minLength: 1 }, { type: 'array', items: { type: 'string', minLength: 1 } }] },
      formats: { type: 'array', minItems: 1, items: { type: 'string', enum: [...FORMATS] } },
      paper: { type: 'string', enum: [...PAPERS] },
      baseUrl: { type: 'string', pattern: '^https?://[^\\s"<>]+$' },
      ignore: globs,
      pdf: {
        type: 'object',
        additionalProperties: false,
        properties: {
          maxMemory: { type: ['string', 'integer'], pattern: MEMORY_PATTERN, minimum: 1 },
          maxSeconds: { type: 'number', exclusiveMinimum: 0 },
        },
      },
      includeFolders: { type: 'array', items: { type: 'string', minLength: 1 } },
      registers: globs,
    },
  };
}

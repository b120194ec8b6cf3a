import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Diagnostic } from '../../diagnostic';

/**
 * SARIF 2.1.0, the format code-scanning CI (GitHub, GitLab) reads, so that an
 * edition's validation findings appear as annotations on the changed lines.
 */
export function formatSarif(diags: readonly Diagnostic[], toolVersion: string): string {
  const ruleIds = [...new Set(diags.map((d) => d.ruleId))].sort();
  const level = (s: Diagnostic['severity']): 'error' | 'warning' | 'note' => (s === 'info' ? 'note' : s);
  const log = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'tei-edition',
            version: toolVersion,
            informationUri: 'https://tei-edition.example.org/',
            rules: ruleIds.map((id) => ({ id, shortDescription: { text: id } })),
          },
        },
        results: diags.map((d) => {
          const region: Record<string, number> = {};
          if (d.line > 0) region.startLine = d.line;
          if (d.line > 0 && d.column > 0) region.startColumn = d.column;
          return {
            ruleId: d.ruleId,
            ruleIndex: ruleIds.indexOf(d.ruleId),
            level: level(d.severity),
            message: { text: d.hint ? `${d.message}\nHint: ${d.hint}` : d.message },
            locations: [
              {
                physicalLocation: {
                  artifactLocation: { uri: fileUri(d.file) },
                  ...(d.line > 0 ? { region } : {}),
                },
              },
            ],
            properties: { source: d.source },
          };
        }),
      },
    ],
  };
  return JSON.stringify(log, null, 2) + '\n';
}

/** SARIF wants URI references: relative paths stay relative (resolved against the checkout), spaces encoded. */
function fileUri(file: string): string {
  if (path.isAbsolute(file)) return pathToFileURL(file).href;
  return file.split(path.sep).map(encodeURIComponent).join('/');
}

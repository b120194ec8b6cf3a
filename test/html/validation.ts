/** html-validate with the project's configuration, shared by the HTML tests. */
import { HtmlValidate, type ConfigData } from 'html-validate';

export const HTML_VALIDATE_CONFIG: ConfigData = {
  extends: ['html-validate:recommended'],
  rules: {
    // TEI ids are NCNames (dots, non-ASCII letters) and readers cite them (#p3);
    // HTML5 allows any id without whitespace, which is what `relaxed` checks.
    'valid-id': ['error', { relaxed: true }],
    // <title> is the document's own title, which an edition does not shorten.
    'long-title': 'off',
  },
};

const validator = new HtmlValidate(HTML_VALIDATE_CONFIG);

export async function problems(html: string): Promise<string[]> {
  const report = await validator.validateString(html);
  return report.results.flatMap((r) => r.messages.map((m) => `${m.line}:${m.column} ${m.ruleId}: ${m.message}`));
}


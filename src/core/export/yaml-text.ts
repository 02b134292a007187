// YAML out: the `yaml` library's stringify, no line folding, with a comment header, and
// several documents in one file for Kubernetes manifests.
import { stringify } from 'yaml';

export function yamlText(value: unknown, header: string[] = []): string {
  return `${comment(header)}${stringify(value, { lineWidth: 0, aliasDuplicateObjects: false })}`;
}

export function yamlDocuments(values: unknown[], header: string[] = []): string {
  return `${comment(header)}${values.map((v) => stringify(v, { lineWidth: 0, aliasDuplicateObjects: false })).join('---\n')}`;
}

function comment(lines: string[]): string {
  return lines.map((l) => `# ${l}`.trimEnd()).join('\n') + (lines.length > 0 ? '\n' : '');
}

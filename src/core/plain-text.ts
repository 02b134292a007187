// Text from a repo, a process or an LLM, made safe to show in a notification, a tooltip or a
// prompt: one line, no control or direction-changing characters, no markdown links, no HTML, no
// command: / vscode: / file: links, and no longer than `max`.
export function plainText(text: string, max: number): string {
  const flat = text
    .replace(/[\0-\x1f\x7f\u200b-\u200f\u2028-\u202e\u2066-\u2069]+/g, ' ')
    .replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/<\/?[A-Za-z][^>]*>/g, '')
    .replace(/\b(command|vscode|vscode-insiders|javascript|data|file):\S+/gi, '')
    .replace(/\s+/g, ' ')
    .trim();
  return flat.length > max ? `${flat.slice(0, max - 1).trimEnd()}…` : flat;
}

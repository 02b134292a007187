// Localisation: every user-facing string of the VS Code face goes through vscode.l10n, and every
// title and description package.json contributes is a %key% that package.nls.json holds (VS Code
// resolves them; the English text lives there). The scanner is checked on bad code too, so it
// can fail.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';

/** The end of the string or template literal that starts at `i` (index after its closing quote). */
function skipLiteral(src: string, i: number): number {
  const quote = src[i];
  let j = i + 1;
  let depth = 0;
  while (j < src.length) {
    const c = src[j];
    if (c === '\\') { j += 2; continue; }
    if (quote === '`' && c === '$' && src[j + 1] === '{') { depth++; j += 2; continue; }
    if (quote === '`' && depth > 0) {
      if (c === '}') depth--;
      else if (c === '`' || c === '\'' || c === '"') { j = skipLiteral(src, j); continue; }
      j++;
      continue;
    }
    if (c === quote) return j + 1;
    j++;
  }
  return j;
}

/** Index just past the parenthesis that closes the one at `open`. */
function closing(src: string, open: number): number {
  let depth = 0;
  for (let i = open; i < src.length;) {
    const c = src[i];
    if (c === '\'' || c === '"' || c === '`') { i = skipLiteral(src, i); continue; }
    if (c === '/' && src[i + 1] === '/') { i = src.indexOf('\n', i); continue; }
    if (c === '(') depth++;
    if (c === ')' && --depth === 0) return i + 1;
    i++;
  }
  return src.length;
}

/** The source with every `l10n.t(...)` call blanked out: what is left bypasses localisation. */
function withoutL10n(src: string): string {
  let out = '';
  let i = 0;
  for (;;) {
    const at = src.indexOf('l10n.t(', i);
    if (at < 0) return out + src.slice(i);
    out += src.slice(i, at);
    i = closing(src, at + 'l10n.t'.length);
  }
}

/** String and template literals in `src` that read as prose (two words, or a capitalised word). */
function proseLiterals(src: string): string[] {
  const found: string[] = [];
  for (let i = 0; i < src.length;) {
    const c = src[i];
    if (c === '/' && src[i + 1] === '/') { i = src.indexOf('\n', i) < 0 ? src.length : src.indexOf('\n', i); continue; }
    if (c === '\'' || c === '"' || c === '`') {
      const end = skipLiteral(src, i);
      const text = src.slice(i + 1, end - 1).replace(/\$\{[^}]*\}/g, '');
      if (/[A-Za-z]{2,}[ ,:;?!]+[A-Za-z]{2,}/.test(text) || /^[A-Z][a-z]+/.test(text)) found.push(src.slice(i, end));
      i = end;
      continue;
    }
    i++;
  }
  return found;
}

const UI_CALLS = /\b(show(?:Information|Warning|Error)Message|showQuickPick|showInputBox|withProgress|createOutputChannel|createTreeView|TreeItem|item)\(/g;
const UI_PROPERTIES = /\b(label|description|detail|placeHolder|placeholder|title|prompt|tooltip|text|name|message)\s*[:=]\s*(['"`])/g;

/** User-facing literals that bypass l10n in one file's source. */
export function bypasses(src: string): string[] {
  const problems: string[] = [];
  for (const match of src.matchAll(UI_CALLS)) {
    const open = match.index + match[0].length - 1;
    const args = src.slice(open, closing(src, open));
    for (const literal of proseLiterals(withoutL10n(args))) problems.push(`${match[1]}(…${literal}…)`);
  }
  const stripped = withoutL10n(src);
  for (const match of stripped.matchAll(UI_PROPERTIES)) {
    const start = match.index + match[0].length - 1;
    const literal = stripped.slice(start, skipLiteral(stripped, start));
    if (proseLiterals(literal).length > 0) problems.push(`${match[1]}: ${literal}`);
  }
  return problems;
}

test('the scanner finds strings that bypass l10n (and passes the same strings through l10n.t)', () => {
  const bad = [
    "void vscode.window.showErrorMessage(`Repo Runner: ${name} failed`, 'Show Logs');",
    "vscode.window.showQuickPick(items, { placeHolder: 'Pick one' });",
    "const item = new vscode.TreeItem('Phases');",
    "result.tooltip = 'Asks before it changes anything.';",
    "nodes.push({ kind: 'info', label: 'No variables', icon: 'info' });",
  ];
  for (const line of bad) assert.ok(bypasses(line).length > 0, `found in: ${line}`);
  const good = [
    "void vscode.window.showErrorMessage(l10n.t('Repo Runner: {0} failed', name), showLogs);",
    "vscode.window.showQuickPick(items, { placeHolder: vscode.l10n.t('Pick one') });",
    "const item = new vscode.TreeItem(l10n.t('Phases'));",
    "result.command = { command: 'repoRunner.applyFix', title: l10n.t('Apply Fix'), arguments: [node] };",
    "vscode.commands.executeCommand('setContext', 'repoRunner.hasRun', true);",
  ];
  for (const line of good) assert.deepEqual(bypasses(line), [], line);
});

test('every user-facing string in src/vscode goes through vscode.l10n', () => {
  const dir = 'src/vscode';
  const problems = readdirSync(dir).filter((f) => f.endsWith('.ts')).flatMap((file) => bypasses(readFileSync(join(dir, file), 'utf8')).map((p) => `${file}: ${p}`));
  assert.deepEqual(problems, []);
});

test('package.json: every contributed title and description is a %key% that package.nls.json holds, and every key is used', () => {
  const text = readFileSync('package.json', 'utf8');
  const manifest = JSON.parse(text) as { displayName: string; description: string; capabilities: { untrustedWorkspaces: { description: string } }; contributes: Record<string, unknown> };
  const nls = JSON.parse(readFileSync('package.nls.json', 'utf8')) as Record<string, string>;
  const keys = [...text.matchAll(/"%([^%"]+)%"/g)].map((m) => m[1]);
  for (const key of keys) assert.ok(typeof nls[key] === 'string' && nls[key] !== '', `package.nls.json lacks "${key}"`);
  for (const key of Object.keys(nls)) assert.ok(keys.includes(key), `package.nls.json has "${key}", which package.json never uses`);

  // The texts a user reads: all must be keys.
  const texts: [string, unknown][] = [['displayName', manifest.displayName], ['description', manifest.description], ['capabilities', manifest.capabilities.untrustedWorkspaces.description]];
  const c = manifest.contributes as {
    commands: { command: string; title: string; category?: string }[];
    viewsContainers: Record<string, { title: string }[]>;
    views: Record<string, { name: string; contextualTitle?: string }[]>;
    viewsWelcome: { contents: string }[];
    configuration: { title: string; properties: Record<string, { description?: string; markdownDescription?: string; enumDescriptions?: string[] }> };
    walkthroughs?: { title: string; description: string; steps: { title: string; description: string }[] }[];
    taskDefinitions?: { properties: Record<string, { description?: string }> }[];
  };
  for (const command of c.commands) texts.push([`${command.command} title`, command.title], [`${command.command} category`, command.category]);
  for (const container of Object.values(c.viewsContainers).flat()) texts.push(['view container', container.title]);
  for (const view of Object.values(c.views).flat()) texts.push(['view', view.name], ['view contextualTitle', view.contextualTitle]);
  for (const welcome of c.viewsWelcome) texts.push(['viewsWelcome', welcome.contents]);
  texts.push(['configuration title', c.configuration.title]);
  for (const [name, spec] of Object.entries(c.configuration.properties)) {
    texts.push([name, spec.description], [name, spec.markdownDescription], ...(spec.enumDescriptions ?? []).map((d): [string, string] => [`${name} enum`, d]));
  }
  for (const walkthrough of c.walkthroughs ?? []) {
    texts.push(['walkthrough', walkthrough.title], ['walkthrough', walkthrough.description], ...walkthrough.steps.flatMap((s): [string, string][] => [['step', s.title], ['step', s.description]]));
  }
  for (const definition of c.taskDefinitions ?? []) for (const [name, spec] of Object.entries(definition.properties)) texts.push([`task ${name}`, spec.description]);
  const literal = texts.filter(([, value]) => value !== undefined && !/^%[^%]+%$/.test(String(value)));
  assert.deepEqual(literal, [], 'texts written in package.json instead of package.nls.json');
});

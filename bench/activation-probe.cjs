// Measures one activation of the built extension in a fresh Node process: the time to load the
// bundle and run activate(). The editor is not here, so `vscode` is a recording stand-in whose
// every member is callable (a benchmark harness, not a test double): what is measured is our
// own code, which is what the activation target is about. Prints the milliseconds as JSON.
'use strict';
const Module = require('node:module');

const bundle = require('node:path').resolve(process.argv[2]);
const noop = () => undefined;

/** Any member, any call, any `new`: another stand-in. Not thenable, prints as ''. */
function standIn(overrides = {}) {
  const target = function () {};
  const assigned = new Map();
  return new Proxy(target, {
    set(_t, key, value) {
      assigned.set(key, value);
      return true;
    },
    get(_t, key) {
      if (assigned.has(key)) return assigned.get(key);
      if (key in overrides) return overrides[key];
      if (key === 'then' || key === Symbol.iterator) return undefined;
      if (key === Symbol.toPrimitive) return () => '';
      return standIn();
    },
    apply: () => standIn(),
    construct: () => standIn(),
  });
}

class EventEmitter {
  constructor() { this.event = () => ({ dispose: noop }); }
  fire() {}
  dispose() {}
}

// The namespaces and classes the extension uses (a bundle copies the module's own keys).
const NAMES = ['CodeAction', 'CodeActionKind', 'Diagnostic', 'DiagnosticSeverity', 'Disposable', 'MarkdownString', 'ProcessExecution', 'ProgressLocation',
  'Range', 'StatusBarAlignment', 'Task', 'TaskGroup', 'TaskScope', 'ThemeColor', 'ThemeIcon', 'TreeItem', 'TreeItemCollapsibleState', 'Uri', 'ViewColumn',
  'commands', 'debug', 'env', 'extensions', 'languages', 'tasks', 'window'];
const vscode = Object.fromEntries(NAMES.map((name) => [name, standIn()]));
vscode.EventEmitter = EventEmitter;
// Messages are formatted as VS Code formats them with no translation: {0} replaced by the first argument.
vscode.l10n = { t: (message, ...args) => String(message).replace(/\{(\d+)\}/g, (_m, i) => String(args[Number(i)])) };
vscode.workspace = standIn({
  isTrusted: false,
  workspaceFolders: undefined,
  getConfiguration: () => ({ get: (_key, fallback) => fallback, has: () => false, inspect: () => undefined, update: async () => undefined }),
});

const resolve = Module._resolveFilename;
Module._resolveFilename = function (request, ...rest) {
  return request === 'vscode' ? 'vscode' : resolve.call(this, request, ...rest);
};
require.cache.vscode = { id: 'vscode', filename: 'vscode', loaded: true, exports: vscode };

const context = { subscriptions: [], secrets: standIn(), globalState: standIn(), workspaceState: standIn(), extensionUri: standIn(), extensionPath: __dirname };
const started = performance.now();
const extension = require(bundle);
extension.activate(context);
const ms = performance.now() - started;
for (const disposable of context.subscriptions) {
  try { disposable.dispose?.(); } catch { /* a stand-in */ }
}
process.stdout.write(JSON.stringify({ ms, subscriptions: context.subscriptions.length }));

// Ways of starting that are not frameworks: a Makefile target, a Procfile line, a start.sh, a
// command the user pinned, and a folder of HTML served as it is.
import { entries, HTTP_ROOT } from './entry.js';

export const FALLBACKS = entries([
  {
    id: 'static', name: 'Static site', kind: 'static', role: 'frontend', recognise: { manifest: 'index.html' },
    start: ['python3', '-m', 'http.server', '--directory', '{entry}'], entries: ['', 'public', 'site', 'www'],
    port: { preferred: 8080, args: ['{port}', '--bind', '{host}'] }, health: HTTP_ROOT, docs: 'https://docs.python.org/3/library/http.server.html',
  },
  { id: 'make', name: 'Makefile', kind: 'custom', role: 'tool', recognise: { manifest: 'Makefile' }, port: { preferred: 8080, env: 'PORT' }, health: { kind: 'tcp' } },
  { id: 'procfile', name: 'Procfile', kind: 'custom', role: 'tool', recognise: { manifest: 'Procfile' }, port: { preferred: 5000, env: 'PORT' }, health: { kind: 'tcp' } },
  {
    id: 'shell', name: 'Shell entry point', kind: 'custom', role: 'tool', recognise: { manifest: 'start.sh' }, entries: ['start.sh', 'run.sh', 'serve.sh'],
    port: { preferred: 8080, env: 'PORT' }, health: { kind: 'tcp' },
  },
  { id: 'custom', name: 'repo-runner.json', kind: 'custom', role: 'tool', recognise: { manifest: 'repo-runner.json' }, port: { preferred: 3000, env: 'PORT' }, health: { kind: 'tcp' } },
]);

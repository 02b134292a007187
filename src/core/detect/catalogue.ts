// The frameworks the engine recognises, as data: how each is recognised, how it starts,
// which port it prefers, how it is told another port, and how its health is checked.
// Order matters: the first entry whose dependency is present wins (a Next.js app also
// depends on react, a Vite app may also depend on express for an SSR server).
import type { HealthCheck, ServiceKind } from '../model.js';

export interface FrameworkEntry {
  id: string;
  name: string;
  kind: ServiceKind;
  /** Present in dependencies (Node) or requirements (Python): recognises the framework. */
  dependency: string;
  preferredPort: number;
  /** How the port is passed: an env var, extra arguments, or both. `{port}` is replaced. */
  portEnv?: string;
  portArgs?: string[];
  health: HealthCheck;
  docs: string;
}

export const NODE_FRAMEWORKS: readonly FrameworkEntry[] = [
  {
    id: 'nextjs', name: 'Next.js', kind: 'node', dependency: 'next', preferredPort: 3000,
    portEnv: 'PORT', portArgs: ['-p', '{port}', '-H', '127.0.0.1'],
    health: { kind: 'http', path: '/' }, docs: 'https://nextjs.org/docs/app/api-reference/cli/next',
  },
  {
    id: 'vite', name: 'Vite', kind: 'node', dependency: 'vite', preferredPort: 5173,
    portArgs: ['--port', '{port}', '--strictPort', '--host', '127.0.0.1'],
    health: { kind: 'http', path: '/' }, docs: 'https://vite.dev/config/server-options',
  },
  {
    id: 'fastify', name: 'Fastify', kind: 'node', dependency: 'fastify', preferredPort: 3000,
    portEnv: 'PORT', health: { kind: 'http', path: '/' }, docs: 'https://fastify.dev/docs/latest/Reference/Server/#listen',
  },
  {
    id: 'express', name: 'Express', kind: 'node', dependency: 'express', preferredPort: 3000,
    portEnv: 'PORT', health: { kind: 'http', path: '/' }, docs: 'https://expressjs.com/en/starter/hello-world.html',
  },
];

export const GENERIC_NODE: FrameworkEntry = {
  id: 'node', name: 'Node.js', kind: 'node', dependency: '', preferredPort: 3000,
  portEnv: 'PORT', health: { kind: 'tcp' }, docs: 'https://docs.npmjs.com/cli/commands/npm-run-script',
};

export const PYTHON_FRAMEWORKS: readonly FrameworkEntry[] = [
  {
    id: 'django', name: 'Django', kind: 'python', dependency: 'django', preferredPort: 8000,
    health: { kind: 'http', path: '/' }, docs: 'https://docs.djangoproject.com/en/stable/ref/django-admin/#runserver',
  },
  {
    id: 'fastapi', name: 'FastAPI', kind: 'python', dependency: 'fastapi', preferredPort: 8000,
    portArgs: ['--host', '127.0.0.1', '--port', '{port}'],
    health: { kind: 'http', path: '/' }, docs: 'https://www.uvicorn.org/settings/',
  },
  {
    id: 'flask', name: 'Flask', kind: 'python', dependency: 'flask', preferredPort: 5000,
    portArgs: ['--host', '127.0.0.1', '--port', '{port}'],
    health: { kind: 'http', path: '/' }, docs: 'https://flask.palletsprojects.com/en/stable/cli/',
  },
];

export const GENERIC_PYTHON: FrameworkEntry = {
  id: 'python', name: 'Python', kind: 'python', dependency: '', preferredPort: 8000,
  portEnv: 'PORT', health: { kind: 'tcp' }, docs: 'https://docs.python.org/3/tutorial/interpreter.html',
};

export const STATIC_SITE: FrameworkEntry = {
  id: 'static', name: 'Static site', kind: 'static', dependency: '', preferredPort: 8080,
  portArgs: ['{port}', '--bind', '127.0.0.1'],
  health: { kind: 'http', path: '/' }, docs: 'https://docs.python.org/3/library/http.server.html',
};

/** Frameworks whose services usually are APIs other services call. */
export const BACKEND_FRAMEWORKS = new Set(['express', 'fastify', 'node', 'flask', 'fastapi', 'django', 'python']);

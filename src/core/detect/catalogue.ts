// The frameworks the engine recognises, as data: how each is recognised, which port it
// prefers, how it is told another port, how its health is checked, and the docs shown to users.
// Order matters: the first entry whose dependency is present wins (a Next.js app also depends
// on react, a SvelteKit app also on vite, a Vite + React app on both vite and the plugin).
import type { HealthCheck, ServiceKind } from '../model.js';

export interface FrameworkEntry {
  id: string;
  name: string;
  kind: ServiceKind;
  /** Present in dependencies (Node), requirements (Python) or the manifest (other stacks). */
  dependency: string;
  preferredPort: number;
  /** How the port is passed: an env var, extra arguments, or both. `{port}` is replaced. */
  portEnv?: string;
  portArgs?: string[];
  health: HealthCheck;
  docs: string;
  /** Set for the service: prompts and telemetry off, so a run never waits or phones home. */
  env?: Record<string, string>;
}

const http: HealthCheck = { kind: 'http', path: '/' };
const node = (id: string, name: string, dependency: string, preferredPort: number, port: { env?: string; args?: string[] }, docs: string, env?: Record<string, string>): FrameworkEntry =>
  ({ id, name, kind: 'node', dependency, preferredPort, portEnv: port.env, portArgs: port.args, health: http, docs, env });
const viteArgs = ['--port', '{port}', '--strictPort', '--host', '{host}'];

export const NODE_FRAMEWORKS: readonly FrameworkEntry[] = [
  node('nextjs', 'Next.js', 'next', 3000, { env: 'PORT', args: ['-p', '{port}', '-H', '{host}'] }, 'https://nextjs.org/docs/app/api-reference/cli/next', { NEXT_TELEMETRY_DISABLED: '1' }),
  node('nuxt', 'Nuxt', 'nuxt', 3000, { env: 'PORT', args: ['--port', '{port}', '--host', '{host}'] }, 'https://nuxt.com/docs/api/commands/dev', { NUXT_TELEMETRY_DISABLED: '1' }),
  node('remix', 'Remix', '@remix-run/dev', 5173, { args: viteArgs }, 'https://remix.run/docs/en/main/other-api/dev'),
  node('react-router', 'React Router', '@react-router/dev', 5173, { args: ['--port', '{port}', '--host', '{host}'] }, 'https://reactrouter.com/start/framework/installation'),
  node('sveltekit', 'SvelteKit', '@sveltejs/kit', 5173, { args: viteArgs }, 'https://svelte.dev/docs/kit/cli'),
  node('astro', 'Astro', 'astro', 4321, { args: ['--port', '{port}', '--host', '{host}'] }, 'https://docs.astro.build/en/reference/cli-reference/', { ASTRO_TELEMETRY_DISABLED: '1' }),
  node('angular', 'Angular', '@angular/cli', 4200, { args: ['--port', '{port}', '--host', '{host}'] }, 'https://angular.dev/cli/serve', { NG_CLI_ANALYTICS: 'false' }),
  node('cra', 'Create React App', 'react-scripts', 3000, { env: 'PORT' }, 'https://create-react-app.dev/docs/advanced-configuration/'),
  node('gatsby', 'Gatsby', 'gatsby', 8000, { args: ['-p', '{port}', '-H', '{host}'] }, 'https://www.gatsbyjs.com/docs/reference/gatsby-cli/', { GATSBY_TELEMETRY_DISABLED: '1' }),
  node('eleventy', 'Eleventy', '@11ty/eleventy', 8080, { args: ['--port={port}'] }, 'https://www.11ty.dev/docs/usage/'),
  node('docusaurus', 'Docusaurus', '@docusaurus/core', 3000, { args: ['--port', '{port}', '--host', '{host}', '--no-open'] }, 'https://docusaurus.io/docs/cli'),
  node('nestjs', 'NestJS', '@nestjs/core', 3000, { env: 'PORT' }, 'https://docs.nestjs.com/cli/usages'),
  node('vite-react', 'Vite (React)', '@vitejs/plugin-react', 5173, { args: viteArgs }, 'https://vite.dev/config/server-options'),
  node('vite-vue', 'Vite (Vue)', '@vitejs/plugin-vue', 5173, { args: viteArgs }, 'https://vite.dev/config/server-options'),
  node('vite-svelte', 'Vite (Svelte)', '@sveltejs/vite-plugin-svelte', 5173, { args: viteArgs }, 'https://vite.dev/config/server-options'),
  node('vite', 'Vite', 'vite', 5173, { args: viteArgs }, 'https://vite.dev/config/server-options'),
  node('koa', 'Koa', 'koa', 3000, { env: 'PORT' }, 'https://koajs.com/'),
  node('hapi', 'hapi', '@hapi/hapi', 3000, { env: 'PORT' }, 'https://hapi.dev/api/#server.options.port'),
  node('fastify', 'Fastify', 'fastify', 3000, { env: 'PORT' }, 'https://fastify.dev/docs/latest/Reference/Server/#listen'),
  node('express', 'Express', 'express', 3000, { env: 'PORT' }, 'https://expressjs.com/en/starter/hello-world.html'),
];

export const GENERIC_NODE: FrameworkEntry = {
  id: 'node', name: 'Node.js', kind: 'node', dependency: '', preferredPort: 3000,
  portEnv: 'PORT', health: { kind: 'tcp' }, docs: 'https://docs.npmjs.com/cli/commands/npm-run-script',
};

/** A Bun app with no framework the catalogue knows: `bun run` its script, PORT set. */
export const BUN_APP: FrameworkEntry = {
  id: 'bun', name: 'Bun', kind: 'node', dependency: '', preferredPort: 3000,
  portEnv: 'PORT', health: { kind: 'http', path: '/' }, docs: 'https://bun.sh/docs/cli/run',
};

export const PYTHON_FRAMEWORKS: readonly FrameworkEntry[] = [
  { id: 'django', name: 'Django', kind: 'python', dependency: 'django', preferredPort: 8000, health: http, docs: 'https://docs.djangoproject.com/en/stable/ref/django-admin/#runserver' },
  { id: 'fastapi', name: 'FastAPI', kind: 'python', dependency: 'fastapi', preferredPort: 8000, portArgs: ['--host', '{host}', '--port', '{port}'], health: http, docs: 'https://www.uvicorn.org/settings/' },
  { id: 'starlette', name: 'Starlette', kind: 'python', dependency: 'starlette', preferredPort: 8000, portArgs: ['--host', '{host}', '--port', '{port}'], health: http, docs: 'https://www.starlette.io/#installation' },
  { id: 'streamlit', name: 'Streamlit', kind: 'python', dependency: 'streamlit', preferredPort: 8501, portArgs: ['--server.port', '{port}', '--server.address', '{host}', '--server.headless', 'true'], health: http, docs: 'https://docs.streamlit.io/develop/api-reference/cli/run' },
  { id: 'gradio', name: 'Gradio', kind: 'python', dependency: 'gradio', preferredPort: 7860, portEnv: 'GRADIO_SERVER_PORT', health: http, docs: 'https://www.gradio.app/guides/environment-variables' },
  { id: 'flask', name: 'Flask', kind: 'python', dependency: 'flask', preferredPort: 5000, portArgs: ['--host', '{host}', '--port', '{port}'], health: http, docs: 'https://flask.palletsprojects.com/en/stable/cli/' },
];

export const GENERIC_PYTHON: FrameworkEntry = {
  id: 'python', name: 'Python', kind: 'python', dependency: '', preferredPort: 8000,
  portEnv: 'PORT', health: { kind: 'tcp' }, docs: 'https://docs.python.org/3/tutorial/interpreter.html',
};

export const STATIC_SITE: FrameworkEntry = {
  id: 'static', name: 'Static site', kind: 'static', dependency: '', preferredPort: 8080,
  portArgs: ['{port}', '--bind', '{host}'],
  health: http, docs: 'https://docs.python.org/3/library/http.server.html',
};

/** Frameworks whose services usually are APIs other services call. */
export const BACKEND_FRAMEWORKS = new Set([
  'express', 'fastify', 'koa', 'hapi', 'nestjs', 'node', 'flask', 'fastapi', 'starlette', 'django', 'python',
  'go-gin', 'go-echo', 'go-fiber', 'go-nethttp', 'rust-axum', 'rust-actix', 'rust-rocket', 'rust-bin',
  'spring-boot-maven', 'spring-boot-gradle', 'rails', 'sinatra', 'rack', 'laravel', 'php', 'aspnet', 'deno',
]);

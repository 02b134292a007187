// Node frameworks. Order matters: the first entry whose dependency is present wins (a Next.js
// app also depends on react, a SvelteKit app also on vite, a Vite + React app on both vite and
// the plugin). Node services start with the package's own script; the port is passed by
// `port.env` and `port.args` (appended to the script).
import { entries, HTTP_ROOT } from './entry.js';

const viteArgs = ['--port', '{port}', '--strictPort', '--host', '{host}'];
const viteDocs = 'https://vite.dev/config/server-options';

export const NODE_FRAMEWORKS = entries([
  {
    id: 'nextjs', name: 'Next.js', kind: 'node', role: 'frontend', recognise: { dependency: 'next' },
    port: { preferred: 3000, env: 'PORT', args: ['-p', '{port}', '-H', '{host}'] }, health: HTTP_ROOT, envFile: '.env.local',
    env: { NEXT_TELEMETRY_DISABLED: '1' }, docs: 'https://nextjs.org/docs/app/api-reference/cli/next',
  },
  {
    id: 'nuxt', name: 'Nuxt', kind: 'node', role: 'frontend', recognise: { dependency: 'nuxt' },
    port: { preferred: 3000, env: 'PORT', args: ['--port', '{port}', '--host', '{host}'] }, health: HTTP_ROOT,
    env: { NUXT_TELEMETRY_DISABLED: '1' }, docs: 'https://nuxt.com/docs/api/commands/dev',
  },
  {
    id: 'remix', name: 'Remix', kind: 'node', role: 'frontend', recognise: { dependency: '@remix-run/dev' },
    port: { preferred: 5173, args: viteArgs }, health: HTTP_ROOT, envFile: '.env.local', docs: 'https://remix.run/docs/en/main/other-api/dev',
  },
  {
    id: 'react-router', name: 'React Router', kind: 'node', role: 'frontend', recognise: { dependency: '@react-router/dev' },
    port: { preferred: 5173, args: ['--port', '{port}', '--host', '{host}'] }, health: HTTP_ROOT, envFile: '.env.local',
    docs: 'https://reactrouter.com/start/framework/installation',
  },
  {
    id: 'sveltekit', name: 'SvelteKit', kind: 'node', role: 'frontend', recognise: { dependency: '@sveltejs/kit' },
    port: { preferred: 5173, args: viteArgs }, health: HTTP_ROOT, envFile: '.env.local', docs: 'https://svelte.dev/docs/kit/cli',
  },
  {
    id: 'astro', name: 'Astro', kind: 'node', role: 'frontend', recognise: { dependency: 'astro' },
    port: { preferred: 4321, args: ['--port', '{port}', '--host', '{host}'] }, health: HTTP_ROOT, envFile: '.env.local',
    env: { ASTRO_TELEMETRY_DISABLED: '1' }, docs: 'https://docs.astro.build/en/reference/cli-reference/',
  },
  {
    id: 'angular', name: 'Angular', kind: 'node', role: 'frontend', recognise: { dependency: '@angular/cli' },
    port: { preferred: 4200, args: ['--port', '{port}', '--host', '{host}'] }, health: HTTP_ROOT,
    env: { NG_CLI_ANALYTICS: 'false' }, docs: 'https://angular.dev/cli/serve',
  },
  {
    id: 'cra', name: 'Create React App', kind: 'node', role: 'frontend', recognise: { dependency: 'react-scripts' },
    port: { preferred: 3000, env: 'PORT' }, health: HTTP_ROOT, envFile: '.env.local', docs: 'https://create-react-app.dev/docs/advanced-configuration/',
  },
  {
    id: 'gatsby', name: 'Gatsby', kind: 'node', role: 'frontend', recognise: { dependency: 'gatsby' },
    port: { preferred: 8000, args: ['-p', '{port}', '-H', '{host}'] }, health: HTTP_ROOT,
    env: { GATSBY_TELEMETRY_DISABLED: '1' }, docs: 'https://www.gatsbyjs.com/docs/reference/gatsby-cli/',
  },
  {
    id: 'eleventy', name: 'Eleventy', kind: 'node', role: 'frontend', recognise: { dependency: '@11ty/eleventy' },
    port: { preferred: 8080, args: ['--port={port}'] }, health: HTTP_ROOT, docs: 'https://www.11ty.dev/docs/usage/',
  },
  {
    id: 'docusaurus', name: 'Docusaurus', kind: 'node', role: 'frontend', recognise: { dependency: '@docusaurus/core' },
    port: { preferred: 3000, args: ['--port', '{port}', '--host', '{host}', '--no-open'] }, health: HTTP_ROOT, docs: 'https://docusaurus.io/docs/cli',
  },
  {
    id: 'nestjs', name: 'NestJS', kind: 'node', role: 'backend', recognise: { dependency: '@nestjs/core' },
    port: { preferred: 3000, env: 'PORT' }, health: HTTP_ROOT, docs: 'https://docs.nestjs.com/cli/usages',
  },
  {
    id: 'vite-react', name: 'Vite (React)', kind: 'node', role: 'frontend', recognise: { dependency: '@vitejs/plugin-react' },
    port: { preferred: 5173, args: viteArgs }, health: HTTP_ROOT, envFile: '.env.local', docs: viteDocs,
  },
  {
    id: 'vite-vue', name: 'Vite (Vue)', kind: 'node', role: 'frontend', recognise: { dependency: '@vitejs/plugin-vue' },
    port: { preferred: 5173, args: viteArgs }, health: HTTP_ROOT, envFile: '.env.local', docs: viteDocs,
  },
  {
    id: 'vite-svelte', name: 'Vite (Svelte)', kind: 'node', role: 'frontend', recognise: { dependency: '@sveltejs/vite-plugin-svelte' },
    port: { preferred: 5173, args: viteArgs }, health: HTTP_ROOT, envFile: '.env.local', docs: viteDocs,
  },
  {
    id: 'vite', name: 'Vite', kind: 'node', role: 'frontend', recognise: { dependency: 'vite' },
    port: { preferred: 5173, args: viteArgs }, health: HTTP_ROOT, envFile: '.env.local', docs: viteDocs,
  },
  {
    id: 'koa', name: 'Koa', kind: 'node', role: 'backend', recognise: { dependency: 'koa' },
    port: { preferred: 3000, env: 'PORT' }, health: HTTP_ROOT, docs: 'https://koajs.com/',
  },
  {
    id: 'hapi', name: 'hapi', kind: 'node', role: 'backend', recognise: { dependency: '@hapi/hapi' },
    port: { preferred: 3000, env: 'PORT' }, health: HTTP_ROOT, docs: 'https://hapi.dev/api/#server.options.port',
  },
  {
    id: 'fastify', name: 'Fastify', kind: 'node', role: 'backend', recognise: { dependency: 'fastify' },
    port: { preferred: 3000, env: 'PORT' }, health: HTTP_ROOT, docs: 'https://fastify.dev/docs/latest/Reference/Server/#listen',
  },
  {
    id: 'express', name: 'Express', kind: 'node', role: 'backend', recognise: { dependency: 'express' },
    port: { preferred: 3000, env: 'PORT' }, health: HTTP_ROOT, docs: 'https://expressjs.com/en/starter/hello-world.html',
  },
]);

/** Node with no framework the catalogue knows: its script or entry file, PORT set, a TCP check. */
export const GENERIC_NODE = entries([{
  id: 'node', name: 'Node.js', kind: 'node', role: 'backend', port: { preferred: 3000, env: 'PORT' }, health: { kind: 'tcp' },
  docs: 'https://docs.npmjs.com/cli/commands/npm-run-script',
}])[0];

/** A Bun app with no framework the catalogue knows: `bun run` its script, PORT set. */
export const BUN_APP = entries([{
  id: 'bun', name: 'Bun', kind: 'node', role: 'tool', port: { preferred: 3000, env: 'PORT' }, health: HTTP_ROOT, docs: 'https://bun.sh/docs/cli/run',
}])[0];

/** An Nx project with only a project.json, served by `nx <target>` from the workspace root. */
export const NX_PROJECT = entries([{
  id: 'nx', name: 'Nx', kind: 'node', role: 'tool', recognise: { manifest: 'project.json' },
  port: { preferred: 3000, env: 'PORT' }, health: HTTP_ROOT, docs: 'https://nx.dev/nx-api/nx/documents/run',
}])[0];

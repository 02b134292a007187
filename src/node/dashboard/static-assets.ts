// The dashboard page's files (media/dashboard/), served with a strict Content-Security-Policy:
// nothing is loaded from anywhere but this server, no inline script, no framing by other pages.
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { ServerResponse } from 'node:http';

export const PAGE_CSP = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

/** The files of the page, by the name the page asks for. Nothing else is served. */
export const ASSETS: Record<string, string> = {
  'index.html': 'text/html; charset=utf-8',
  'dashboard.css': 'text/css; charset=utf-8',
  'dashboard.js': 'text/javascript; charset=utf-8',
  'ansi.js': 'text/javascript; charset=utf-8',
  'log-view.js': 'text/javascript; charset=utf-8',
  'charts.js': 'text/javascript; charset=utf-8',
  'transport.js': 'text/javascript; charset=utf-8',
};

/** media/dashboard, found upward from `start` (dist/ in the bundle, src/node/dashboard in tests). */
export function findAssetsDir(start: string = __dirnameOf()): string | undefined {
  let dir = start;
  for (let i = 0; i < 6; i++) {
    const candidate = join(dir, 'media', 'dashboard');
    if (existsSync(join(candidate, 'index.html'))) return candidate;
    const parent = dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  return undefined;
}

export async function serveAsset(response: ServerResponse, dir: string | undefined, name: string): Promise<void> {
  const type = ASSETS[name];
  const body = type && dir ? await readFile(join(dir, name)).catch(() => undefined) : undefined;
  if (!type || !body) {
    response.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' }).end('not found');
    return;
  }
  response.writeHead(200, {
    'Content-Type': type, 'Content-Security-Policy': PAGE_CSP, 'X-Content-Type-Options': 'nosniff', 'Referrer-Policy': 'no-referrer', 'Cache-Control': 'no-store',
  }).end(body);
}

function __dirnameOf(): string {
  // The bundle is CommonJS (__dirname is dist/); under tsx (tests) the module is ESM and runs from the repo root.
  return typeof __dirname === 'string' ? __dirname : process.cwd();
}

// Generates a monorepo of about `files` files: a few apps, many library packages, and heavy
// folders detection must never enter (node_modules, .venv, target, .git, dist). Shared by the
// detection test and the benchmark.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export function generateMonorepo(files = 20_000): { root: string; apps: string[] } {
  const root = mkdtempSync(join(tmpdir(), 'rr-mono-'));
  let count = 0;
  const write = (path: string, content: string) => {
    mkdirSync(join(root, path, '..'), { recursive: true });
    writeFileSync(join(root, path), content);
    count++;
  };
  write('package.json', JSON.stringify({ name: 'mono', private: true, workspaces: ['apps/*', 'packages/*'], scripts: { dev: 'turbo run dev' } }));
  const apps = ['web', 'api', 'admin'];
  write('apps/web/package.json', JSON.stringify({ name: 'web', scripts: { dev: 'vite' }, devDependencies: { vite: '7' } }));
  write('apps/api/package.json', JSON.stringify({ name: 'api', scripts: { start: 'node index.js' }, dependencies: { express: '4' } }));
  write('apps/admin/package.json', JSON.stringify({ name: 'admin', scripts: { dev: 'next dev' }, dependencies: { next: '15' } }));
  const heavy = ['node_modules', '.venv/lib/python3.11/site-packages', 'target/debug', '.git/objects', 'apps/web/dist'];
  let i = 0;
  while (count < files) {
    const where = i % 3 === 0 ? `packages/lib${i % 200}/src/file${i}.ts` : `${heavy[i % heavy.length]}/pkg${i % 500}/file${i}.js`;
    // Decoys: manifests inside ignored folders must not become services.
    write(where.endsWith('0.js') ? where.replace(/file\d+\.js$/, 'package.json') : where, where.endsWith('0.js') ? JSON.stringify({ name: `decoy${i}`, scripts: { start: 'node x' } }) : `export const v${i} = ${i};\n`);
    if (i % 3 === 0 && i < 600) write(`packages/lib${i % 200}/package.json`, JSON.stringify({ name: `lib${i % 200}`, main: 'dist/index.js', scripts: { build: 'tsc' } }));
    i++;
  }
  return { root, apps };
}

// A folder of HTML with no app manifest is a static site, served by Python's http.server
// (no install, nothing from the repo executed).
import type { ServicePlan } from '../model.js';
import { STATIC_SITE } from './catalogue.js';
import { joinRel, type RepoFiles } from './repo-files.js';

export async function detectStaticSite(files: RepoFiles, dir: string, serviceName: string): Promise<ServicePlan | undefined> {
  for (const docRoot of ['', 'public', 'site', 'www']) {
    const folder = joinRel(dir, docRoot);
    if (!(await files.has(joinRel(folder, 'index.html')))) continue;
    return {
      name: serviceName,
      kind: 'static',
      framework: STATIC_SITE.id,
      dir,
      install: [],
      start: { command: 'python3', args: ['-m', 'http.server', '--directory', docRoot === '' ? '.' : docRoot, ...STATIC_SITE.portArgs!], cwd: dir },
      port: { preferred: STATIC_SITE.preferredPort },
      health: STATIC_SITE.health,
      links: [],
      docs: STATIC_SITE.docs,
      manifests: [],
      evidence: [{ file: joinRel(folder, 'index.html'), reason: 'an index.html with no app manifest: serve the folder as a static site' }],
    };
  }
  return undefined;
}

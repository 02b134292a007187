// devcontainer.json's forwardPorts tell which ports the project expects; a service whose
// framework default is not among them takes the forwarded one when the match is unambiguous.
import type { ServicePlan } from '../model.js';
import { lineOf, type RepoFiles } from './repo-files.js';

const FILES = ['.devcontainer/devcontainer.json', '.devcontainer.json'];

export async function applyDevcontainer(files: RepoFiles, services: ServicePlan[]): Promise<void> {
  for (const file of FILES) {
    const text = await files.read(file);
    if (text === undefined) continue;
    let ports: number[] = [];
    try {
      // JSON with comments: drop them (outside strings, which a forwardPorts list never holds).
      const json = JSON.parse(text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '').replace(/,(\s*[}\]])/g, '$1')) as { forwardPorts?: unknown[] };
      ports = (json.forwardPorts ?? []).filter((p): p is number => typeof p === 'number');
    } catch {
      return;
    }
    const line = lineOf(text, 'forwardPorts');
    for (const service of services) {
      if (ports.includes(service.port.preferred)) {
        service.evidence.push({ file, line, reason: `port ${service.port.preferred} is forwarded by ${file}` });
      }
    }
    if (services.length === 1 && ports.length === 1 && !ports.includes(services[0].port.preferred)) {
      services[0].port = { ...services[0].port, preferred: ports[0] };
      services[0].evidence.push({ file, line, reason: `port ${ports[0]} because ${file} forwards it` });
    }
    return;
  }
}

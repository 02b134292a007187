// Service discovery: when one service reads a variable like API_URL or VITE_BACKEND_URL and
// another service in the repo is that API, link them so the first is told the second's URL.
import type { EnvVarPlan, ServicePlan } from '../model.js';
import { frameworkEntry } from './catalogue/index.js';
import type { EnvReference } from './env-needs.js';

const URL_VAR = /^(?:VITE_|NEXT_PUBLIC_|REACT_APP_|PUBLIC_|NUXT_PUBLIC_)?([A-Z0-9_]+?)_?(?:URL|ORIGIN|BASE_URL|URI|HOST)$/;
const GENERIC_STEMS = new Set(['API', 'BACKEND', 'SERVER', 'SERVICE', 'API_BASE', 'APP_API']);
const NOT_A_SERVICE = /^(DATABASE|DB|REDIS|MONGO|MONGODB|POSTGRES|PG|MYSQL|AMQP|RABBITMQ|KAFKA|ELASTIC|S3|SMTP|SENTRY)/;

export function linkServices(services: ServicePlan[], declared: EnvVarPlan[], referenced: Map<string, EnvReference[]>): void {
  for (const service of services) {
    const names = [
      ...declared.filter((e) => e.dir === service.dir).map((e) => ({ name: e.name, file: e.evidence.file, line: e.evidence.line })),
      ...(referenced.get(service.name) ?? []),
    ];
    for (const { name, file, line } of names) {
      if (service.links.some((l) => l.env === name)) continue;
      const stem = URL_VAR.exec(name)?.[1];
      if (!stem || NOT_A_SERVICE.test(stem)) continue;
      const target = findTarget(stem, service, services);
      if (target) {
        service.links.push({ service: target.name, env: name, evidence: { file, line, reason: `${name} is set to the URL of ${target.name}` } });
      }
    }
  }
}

function findTarget(stem: string, from: ServicePlan, services: ServicePlan[]): ServicePlan | undefined {
  const others = services.filter((s) => s !== from);
  const key = stem.toLowerCase().replaceAll('_', '');
  const byName = others.find((s) => key.includes(s.name.toLowerCase().replace(/[^a-z0-9]/g, '')));
  if (byName) return byName;
  if (!GENERIC_STEMS.has(stem)) return undefined;
  const backends = others.filter((s) => frameworkEntry(s.framework).role === 'backend');
  return backends.length === 1 ? backends[0] : undefined;
}

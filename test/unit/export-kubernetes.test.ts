// The Kubernetes export: a Deployment and Service per service with probes from the health
// checks, a StatefulSet with a PVC per database, ConfigMaps for plain env, Secrets only through
// the kustomization's secretGenerator (no secret value in a manifest), and the Helm chart.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parse, parseAllDocuments } from 'yaml';
import { exportFixture, fileOf } from '../helpers/export.js';

type Manifest = { kind: string; metadata: { name: string }; spec?: Record<string, unknown>; data?: Record<string, string> };
const docs = (text: string) => parseAllDocuments(text).map((d) => d.toJS() as Manifest);

test('a service: ConfigMap, Deployment with probes from its health check and envFrom, Service', async () => {
  const result = await exportFixture('express-postgres', 'kubernetes');
  const manifests = docs(fileOf(result, 'deploy/kubernetes/express-postgres.yaml'));
  assert.deepEqual(manifests.map((m) => m.kind), ['ConfigMap', 'Deployment', 'Service']);
  const container = ((manifests[1].spec as { template: { spec: { containers: Record<string, unknown>[] } } }).template.spec.containers)[0];
  assert.deepEqual(container.readinessProbe, { httpGet: { path: '/', port: 'http' }, periodSeconds: 5, failureThreshold: 3 });
  assert.deepEqual(container.envFrom, [{ configMapRef: { name: 'express-postgres-config' } }, { secretRef: { name: 'express-postgres-secrets' } }]);
  assert.deepEqual(container.securityContext, { runAsNonRoot: true, runAsUser: 1000, allowPrivilegeEscalation: false });
  assert.deepEqual(manifests[0].data, { PORT: '3000' });
});

test('a database: headless Service and a StatefulSet with a volume claim; its password only in the secretGenerator\'s env file', async () => {
  const result = await exportFixture('express-postgres', 'kubernetes');
  const manifests = docs(fileOf(result, 'deploy/kubernetes/postgres.yaml'));
  assert.deepEqual(manifests.map((m) => m.kind), ['ConfigMap', 'Service', 'StatefulSet']);
  const spec = manifests[2].spec as { volumeClaimTemplates: { spec: { resources: { requests: { storage: string } } } }[] };
  assert.equal(spec.volumeClaimTemplates[0].spec.resources.requests.storage, '1Gi');
  const kustomization = parse(fileOf(result, 'deploy/kubernetes/kustomization.yaml')) as { resources: string[]; secretGenerator: { name: string; envs: string[] }[] };
  assert.deepEqual(kustomization.resources, ['express-postgres.yaml', 'postgres.yaml']);
  assert.deepEqual(kustomization.secretGenerator, [
    { name: 'express-postgres-secrets', envs: ['secrets/express-postgres.env'] },
    { name: 'postgres-secrets', envs: ['secrets/postgres.env'] },
  ]);
  assert.ok(!result.files.some((f) => !f.secret && /kind: Secret\b/.test(f.content)), 'no Secret manifest is written');
  assert.match(fileOf(result, 'deploy/kubernetes/secrets/postgres.env'), /^POSTGRES_PASSWORD=FAKE-SECRET-/m);
});

test('a worker-less two-service app: a Service per service; links through Service names', async () => {
  const result = await exportFixture('two-service', 'kubernetes');
  const frontend = docs(fileOf(result, 'deploy/kubernetes/frontend.yaml'));
  assert.equal(frontend[0].data?.API_URL, 'http://backend:4000');
  assert.ok(!result.files.some((f) => f.path.includes('/secrets/')), 'no secrets, no env files');
});

test('--helm: a chart whose templates take images and replicas from values, secrets from Secrets the user creates', async () => {
  const result = await exportFixture('express-postgres', 'kubernetes', { helm: true });
  const values = parse(fileOf(result, 'deploy/kubernetes/helm/express-postgres/values.yaml')) as { services: Record<string, { image: string }> };
  assert.equal(values.services['express-postgres'].image, 'express-postgres:latest');
  const template = fileOf(result, 'deploy/kubernetes/helm/express-postgres/templates/express-postgres.yaml');
  assert.match(template, /image: \{\{ index \.Values\.services "express-postgres" "image" \}\}/);
  assert.match(template, /replicas: \{\{ index \.Values\.services "express-postgres" "replicas" \}\}/);
  assert.match(fileOf(result, 'deploy/kubernetes/helm/express-postgres/templates/NOTES.txt'), /kubectl create secret generic postgres-secrets --from-env-file=secrets\/postgres\.env/);
  assert.ok(!result.files.filter((f) => f.path.includes('/helm/')).some((f) => f.content.includes('FAKE-SECRET')));
});

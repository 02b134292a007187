// Kubernetes: per service a Deployment (probes from our health checks, plain env from a
// ConfigMap, secret env from a Secret) and a Service; per database a StatefulSet with a
// PersistentVolumeClaim and a headless Service; a kustomization whose secretGenerator makes the
// Secrets from the git-ignored env files, so no secret value is in a committed manifest.
import type { DeployedDatabase, DeployedService, Deployment } from './deployment.js';
import { dockerfilePath } from './dockerfile.js';
import { joinPath, secretFiles, secretsIgnore, SECRETS_DIR } from './secret-files.js';
import type { ExportedFile } from './types.js';
import { yamlDocuments, yamlText } from './yaml-text.js';

type Manifest = Record<string, unknown>;

const HEADER = 'Written by `repo-runner export --to kubernetes` from the plan Repo Runner detected. Review it, then commit it.';

export function secretName(id: string): string {
  return `${id}-secrets`;
}

export function configName(id: string): string {
  return `${id}-config`;
}

/** The image a service runs: built from its Dockerfile and pushed where the cluster can pull it. */
export function imageName(service: DeployedService): string {
  return `${service.id}:latest`;
}

export function kubernetesFiles(deployment: Deployment, outDir: string): ExportedFile[] {
  const files: ExportedFile[] = [];
  const resources: string[] = [];
  const generators: { name: string; envs: string[] }[] = [];
  for (const service of deployment.services) {
    const file = `${service.id}.yaml`;
    resources.push(file);
    files.push({ path: joinPath(outDir, file), mode: 'file', content: yamlDocuments(serviceManifests(service), [HEADER, `Image ${imageName(service)}: docker build -f ${dockerfilePath(service)} ${service.recipe.context || '.'}`]) });
    if (service.env.some((e) => e.secret)) generators.push({ name: secretName(service.id), envs: [`${SECRETS_DIR}/${service.id}.env`] });
    files.push(...secretFiles(outDir, service.id, service.env));
  }
  for (const db of deployment.databases) {
    const file = `${db.id}.yaml`;
    resources.push(file);
    files.push({ path: joinPath(outDir, file), mode: 'file', content: yamlDocuments(databaseManifests(db), [HEADER]) });
    if (db.env.some((e) => e.secret)) generators.push({ name: secretName(db.id), envs: [`${SECRETS_DIR}/${db.id}.env`] });
    files.push(...secretFiles(outDir, db.id, db.env));
  }
  const kustomization = {
    apiVersion: 'kustomize.config.k8s.io/v1beta1', kind: 'Kustomization',
    labels: [{ pairs: { 'app.kubernetes.io/managed-by': 'repo-runner' } }],
    resources,
    ...(generators.length > 0 ? { secretGenerator: generators } : {}),
  };
  files.push({ path: joinPath(outDir, 'kustomization.yaml'), mode: 'file', content: yamlText(kustomization, [HEADER, 'Render: kubectl kustomize . | Apply: kubectl apply -k .', `Secrets come from ${SECRETS_DIR}/*.env (git-ignored; ${SECRETS_DIR}/*.env.example lists what each needs).`]) });
  if (generators.length > 0) files.push(secretsIgnore(outDir));
  return files;
}

export function serviceManifests(service: DeployedService, image = imageName(service), replicas: number | string = 1): Manifest[] {
  const labels = { 'app.kubernetes.io/name': service.id };
  const plain = service.env.filter((e) => !e.secret);
  const envFrom = [
    ...(plain.length > 0 ? [{ configMapRef: { name: configName(service.id) } }] : []),
    ...(service.env.some((e) => e.secret) ? [{ secretRef: { name: secretName(service.id) } }] : []),
  ];
  const probe = probeOf(service);
  const container: Manifest = {
    name: service.id, image, imagePullPolicy: 'IfNotPresent',
    ...(service.port !== undefined ? { ports: [{ name: 'http', containerPort: service.port }] } : {}),
    ...(envFrom.length > 0 ? { envFrom } : {}),
    ...(probe ? {
      readinessProbe: { ...probe, periodSeconds: 5, failureThreshold: 3 },
      livenessProbe: { ...probe, initialDelaySeconds: 30, periodSeconds: 10, failureThreshold: 6 },
    } : {}),
    securityContext: { runAsNonRoot: true, runAsUser: service.recipe.base.uid, allowPrivilegeEscalation: false },
  };
  const manifests: Manifest[] = [];
  if (plain.length > 0) {
    manifests.push({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: configName(service.id), labels }, data: Object.fromEntries(plain.map((e) => [e.name, e.value])) });
  }
  manifests.push({
    apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: service.id, labels },
    spec: { replicas, selector: { matchLabels: labels }, template: { metadata: { labels }, spec: { containers: [container] } } },
  });
  if (service.port !== undefined) {
    manifests.push({
      apiVersion: 'v1', kind: 'Service', metadata: { name: service.id, labels },
      spec: { selector: labels, ports: [{ name: 'http', port: service.port, targetPort: 'http' }] },
    });
  }
  return manifests;
}

function probeOf(service: DeployedService): Manifest | undefined {
  if (service.port === undefined) return undefined;
  if (service.health.kind === 'http') return { httpGet: { path: service.health.path.startsWith('/') ? service.health.path : `/${service.health.path}`, port: 'http' } };
  if (service.health.kind === 'tcp' || service.health.kind === 'log') return { tcpSocket: { port: 'http' } };
  return undefined;
}

export function databaseManifests(db: DeployedDatabase, storage = '1Gi'): Manifest[] {
  const labels = { 'app.kubernetes.io/name': db.id };
  // PostgreSQL refuses a data folder with lost+found in it, as a fresh volume has: use a folder inside.
  const extra = db.engine === 'postgres' ? [{ name: 'PGDATA', value: `${db.image.dataPath}/pgdata` }] : [];
  const plain = db.env.filter((e) => !e.secret);
  const envFrom = [
    ...(plain.length > 0 ? [{ configMapRef: { name: configName(db.id) } }] : []),
    ...(db.env.some((e) => e.secret) ? [{ secretRef: { name: secretName(db.id) } }] : []),
  ];
  const manifests: Manifest[] = [];
  if (plain.length > 0) manifests.push({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: configName(db.id), labels }, data: Object.fromEntries(plain.map((e) => [e.name, e.value])) });
  manifests.push({
    apiVersion: 'v1', kind: 'Service', metadata: { name: db.id, labels },
    spec: { clusterIP: 'None', selector: labels, ports: [{ name: 'db', port: db.image.port, targetPort: 'db' }] },
  });
  manifests.push({
    apiVersion: 'apps/v1', kind: 'StatefulSet', metadata: { name: db.id, labels },
    spec: {
      serviceName: db.id, replicas: 1, selector: { matchLabels: labels },
      template: {
        metadata: { labels },
        spec: {
          containers: [{
            name: db.engine, image: db.image.image,
            ports: [{ name: 'db', containerPort: db.image.port }],
            ...(extra.length > 0 ? { env: extra } : {}),
            ...(envFrom.length > 0 ? { envFrom } : {}),
            readinessProbe: { exec: { command: db.ready }, periodSeconds: 5, failureThreshold: 6 },
            livenessProbe: { exec: { command: db.ready }, initialDelaySeconds: 30, periodSeconds: 10, failureThreshold: 6 },
            volumeMounts: [{ name: 'data', mountPath: db.image.dataPath }],
          }],
        },
      },
      volumeClaimTemplates: [{ metadata: { name: 'data' }, spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage } } } }],
    },
  });
  return manifests;
}


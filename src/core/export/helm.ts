// A Helm chart with values (`--helm`): the same objects as the plain manifests, with each
// service's image and replicas and each database's storage in values.yaml. Secrets are not
// values: the chart expects the Secrets `<name>-secrets`, made from the git-ignored env files.
import type { Deployment } from './deployment.js';
import { databaseManifests, imageName, secretName, serviceManifests } from './kubernetes.js';
import { joinPath, SECRETS_DIR } from './secret-files.js';
import type { ExportedFile } from './types.js';
import { yamlDocuments, yamlText } from './yaml-text.js';

export function helmFiles(deployment: Deployment, outDir: string, chartName: string): ExportedFile[] {
  const chart = chartId(chartName);
  const dir = joinPath(outDir, 'helm', chart);
  const files: ExportedFile[] = [];
  const values = {
    services: Object.fromEntries(deployment.services.map((s) => [s.id, { image: imageName(s), replicas: 1 }])),
    databases: Object.fromEntries(deployment.databases.map((d) => [d.id, { storage: '1Gi' }])),
  };
  files.push({ path: joinPath(dir, 'Chart.yaml'), mode: 'file', content: yamlText({ apiVersion: 'v2', name: chart, description: `${chartName}, as Repo Runner detected it`, type: 'application', version: '0.1.0', appVersion: '0.1.0' }, ['Written by `repo-runner export --to kubernetes --helm`.']) });
  files.push({ path: joinPath(dir, 'values.yaml'), mode: 'file', content: yamlText(values, ['Images, replicas and storage; secrets are not values (see templates/NOTES.txt).']) });
  for (const service of deployment.services) {
    const image = `__VALUE__ index .Values.services "${service.id}" "image" __END__`;
    const replicas = `__VALUE__ index .Values.services "${service.id}" "replicas" __END__`;
    files.push({ path: joinPath(dir, 'templates', `${service.id}.yaml`), mode: 'file', content: template(yamlDocuments(serviceManifests(service, image, replicas))) });
  }
  for (const db of deployment.databases) {
    const storage = `__VALUE__ index .Values.databases "${db.id}" "storage" | quote __END__`;
    files.push({ path: joinPath(dir, 'templates', `${db.id}.yaml`), mode: 'file', content: template(yamlDocuments(databaseManifests(db, storage))) });
  }
  const secrets = [...deployment.services, ...deployment.databases].filter((x) => x.env.some((e) => e.secret)).map((x) => x.id);
  files.push({
    path: joinPath(dir, 'templates', 'NOTES.txt'), mode: 'file',
    content: [
      `${chart} is installed.`,
      ...(secrets.length > 0 ? ['It reads its secrets from these Secrets; create them from the env files `repo-runner export` wrote (git-ignored) before the pods can start:',
        ...secrets.map((id) => `  kubectl create secret generic ${secretName(id)} --from-env-file=${SECRETS_DIR}/${id}.env`)] : []),
      '',
    ].join('\n'),
  });
  return files;
}

/** Turns the placeholders into Helm actions: a quoted placeholder becomes `{{ ... }}` unquoted. */
function template(text: string): string {
  return text.replace(/["']?__VALUE__ (.*?) __END__["']?/g, (_, action: string) => `{{ ${action.replaceAll('\\"', '"')} }}`);
}

function chartId(name: string): string {
  return name.toLowerCase().replace(/[^a-z0-9-]+/g, '-').replace(/^-+|-+$/g, '') || 'app';
}

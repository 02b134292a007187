// Our health checks as commands a container runs on itself (compose `healthcheck`), using what
// the image has: node's fetch, python's urllib, else curl (the Dockerfile installs it); a port
// check through bash's /dev/tcp.
import type { DeployedService } from './deployment.js';

/** The compose `test` array, or undefined when the service has no check a container can run. */
export function healthTest(service: DeployedService): string[] | undefined {
  const { health } = service;
  const port = service.port;
  if (port === undefined) return undefined;
  const kind = service.plan.kind;
  if (health.kind === 'http') {
    const url = `http://127.0.0.1:${port}${health.path.startsWith('/') ? health.path : `/${health.path}`}`;
    // Any answer below 500 is alive, as in Repo Runner's own check (a 404 on / is still a server).
    if (kind === 'node' || kind === 'static') return ['CMD', 'node', '-e', `fetch('${url}').then((r) => process.exit(r.status < 500 ? 0 : 1), () => process.exit(1))`];
    if (kind === 'python') return ['CMD', 'python', '-c', `import sys, urllib.request, urllib.error\ntry: urllib.request.urlopen('${url}', timeout=4)\nexcept urllib.error.HTTPError as e: sys.exit(0 if e.code < 500 else 1)\nexcept Exception: sys.exit(1)`];
    return ['CMD', 'curl', '-sS', '-o', '/dev/null', url];
  }
  if (health.kind === 'tcp' || health.kind === 'log') {
    // bash's /dev/tcp opens the port; every base image we choose is Debian's, with bash.
    return ['CMD', 'bash', '-c', `exec 3<>/dev/tcp/127.0.0.1/${port}`];
  }
  return undefined;
}

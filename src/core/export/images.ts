// Base images and database images: the official image of each toolchain at the version the
// plan detected (engines.node, requires-python, go.mod, the Java release), and the official
// image of each database at its detected major version.
import type { DatabaseEngine, Plan, ServicePlan, ToolName } from '../model.js';

/** The version a range asks for at least: `>=18` → 18, `==3.11.*` → 3.11, `^20.3` → 20. */
export function minimumVersion(range: string | undefined, parts: 1 | 2): string | undefined {
  const match = /(\d+)(?:\.(\d+))?/.exec(range ?? '');
  if (!match) return undefined;
  return parts === 1 || match[2] === undefined ? match[1] : `${match[1]}.${match[2]}`;
}

export function toolVersion(plan: Plan, service: ServicePlan, tool: ToolName, parts: 1 | 2): string | undefined {
  const own = plan.requirements.find((r) => r.tool === tool && r.service === service.name && r.range);
  return minimumVersion(own?.range, parts);
}

export interface BaseImage {
  image: string;
  /** The toolchain and version it carries, for the Dockerfile's comment and the devcontainer feature. */
  tool: string;
  version: string;
  /** Whether the version came from the repo (else it is our default). */
  detected: boolean;
  /** An unprivileged user the image already has; otherwise the Dockerfile creates `app`. */
  user?: string;
  /** That user's numeric id (Kubernetes' runAsNonRoot needs a number). */
  uid: number;
  /** Whether the image has a Debian/Ubuntu apt (to add curl for health checks). */
  apt: boolean;
}

/** The id of the `app` user our Dockerfiles create. */
export const APP_UID = 10001;

const DEFAULTS: Record<string, string> = { node: '22', python: '3.12', go: '1.23', java: '21', rust: '1', ruby: '3.3', php: '8.3', dotnet: '8.0', deno: '2', bun: '1' };

export function baseImage(plan: Plan, service: ServicePlan): BaseImage {
  const pick = (tool: ToolName, key: string, parts: 1 | 2) => {
    const found = toolVersion(plan, service, tool, parts);
    return { version: found ?? DEFAULTS[key], detected: found !== undefined };
  };
  switch (service.kind) {
    case 'node': {
      if (service.packageManager === 'bun') {
        const v = pick('bun', 'bun', 1);
        return { image: `oven/bun:${v.version}`, tool: 'bun', ...v, user: 'bun', uid: 1000, apt: true };
      }
      const v = pick('node', 'node', 1);
      return { image: `node:${v.version}-bookworm-slim`, tool: 'node', ...v, user: 'node', uid: 1000, apt: true };
    }
    case 'static': {
      const v = pick('node', 'node', 1);
      return { image: `node:${v.version}-bookworm-slim`, tool: 'node', ...v, user: 'node', uid: 1000, apt: true };
    }
    case 'python': {
      const v = pick('python', 'python', 2);
      return { image: `python:${v.version}-slim-bookworm`, tool: 'python', ...v, uid: APP_UID, apt: true };
    }
    case 'go': {
      const v = pick('go', 'go', 2);
      return { image: `golang:${v.version}-bookworm`, tool: 'go', ...v, uid: APP_UID, apt: true };
    }
    case 'java': {
      const v = pick('java', 'java', 1);
      const image = service.packageManager === 'gradle' ? `gradle:8-jdk${v.version}` : `maven:3.9-eclipse-temurin-${v.version}`;
      return { image, tool: 'java', ...v, uid: APP_UID, apt: true };
    }
    case 'rust': {
      const v = pick('cargo', 'rust', 2);
      return { image: `rust:${v.version}-bookworm`, tool: 'rust', ...v, uid: APP_UID, apt: true };
    }
    case 'ruby': {
      const v = pick('ruby', 'ruby', 2);
      return { image: `ruby:${v.version}-bookworm`, tool: 'ruby', ...v, uid: APP_UID, apt: true };
    }
    case 'php': {
      const v = pick('php', 'php', 2);
      return { image: `php:${v.version}-cli-bookworm`, tool: 'php', ...v, uid: APP_UID, apt: true };
    }
    case 'dotnet': {
      const v = pick('dotnet', 'dotnet', 2);
      return { image: `mcr.microsoft.com/dotnet/sdk:${v.version}`, tool: 'dotnet', ...v, uid: APP_UID, apt: true };
    }
    case 'deno': {
      const v = pick('deno', 'deno', 1);
      return { image: `denoland/deno:${v.version}`, tool: 'deno', ...v, user: 'deno', uid: 1993, apt: true };
    }
    default:
      return { image: 'debian:bookworm-slim', tool: 'debian', version: 'bookworm', detected: false, uid: APP_UID, apt: true };
  }
}

export interface DatabaseImage {
  image: string;
  major: string;
  detected: boolean;
  port: number;
  /** Where the server keeps its data inside the container (the volume's mount point). */
  dataPath: string;
}

const DATABASE_DEFAULTS: Record<Exclude<DatabaseEngine, 'sqlite'>, { image: string; major: string; port: number; dataPath: string }> = {
  postgres: { image: 'postgres', major: '17', port: 5432, dataPath: '/var/lib/postgresql/data' },
  mysql: { image: 'mysql', major: '8', port: 3306, dataPath: '/var/lib/mysql' },
  mariadb: { image: 'mariadb', major: '11', port: 3306, dataPath: '/var/lib/mysql' },
  redis: { image: 'redis', major: '7', port: 6379, dataPath: '/data' },
  mongodb: { image: 'mongo', major: '7', port: 27017, dataPath: '/data/db' },
};

export function databaseImage(engine: Exclude<DatabaseEngine, 'sqlite'>, version: string | undefined): DatabaseImage {
  const base = DATABASE_DEFAULTS[engine];
  const found = /^(\d+)/.exec(version ?? '')?.[1];
  const major = found ?? base.major;
  // PostgreSQL 18's image keeps its data one level up (a versioned folder inside /var/lib/postgresql).
  const dataPath = engine === 'postgres' && Number(major) >= 18 ? '/var/lib/postgresql' : base.dataPath;
  return { image: `${base.image}:${major}`, major, detected: found !== undefined, port: base.port, dataPath };
}

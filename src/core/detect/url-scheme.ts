// The database URL scheme a Python app's SQLAlchemy needs when nothing in the repo writes one:
// SQLAlchemy picks its driver from the scheme, and `postgresql://` means psycopg2, `mysql://`
// means mysqlclient. An app that installs only psycopg 3, asyncpg (with an async engine), PyMySQL
// or aiomysql fails with "No module named 'psycopg2'" (or "The asyncio extension requires an
// async driver") unless the URL names its driver: `postgresql+psycopg://`, `postgresql+asyncpg://`.
// Go's lib/pq asks for TLS unless told otherwise ("pq: SSL is not enabled on the server" from a
// local PostgreSQL): its URLs carry `sslmode=disable`.
import type { DatabaseEngine, Evidence, ServicePlan } from '../model.js';
import { codeFilesOf, codeText } from './env-needs.js';
import { joinRel, lineOf, type RepoFiles } from './repo-files.js';

const MANIFESTS = ['requirements.txt', 'pyproject.toml', 'Pipfile'];
const USES_SQLALCHEMY = /(^|[\s"'[,])(sqlalchemy|flask[-_]sqlalchemy|sqlmodel|alembic)\b/im;

/** Which driver each engine's URL must name for this service, with why; empty when the default works. */
export async function urlSchemes(files: RepoFiles, service: ServicePlan): Promise<{ schemes: Partial<Record<DatabaseEngine, string>>; query: Partial<Record<DatabaseEngine, string>>; evidence: Evidence[] }> {
  const out: { schemes: Partial<Record<DatabaseEngine, string>>; query: Partial<Record<DatabaseEngine, string>>; evidence: Evidence[] } = { schemes: {}, query: {}, evidence: [] };
  if (service.kind === 'go') {
    const file = joinRel(service.dir, 'go.mod');
    const text = (await files.read(file)) ?? '';
    const line = text.split('\n').findIndex((l) => /^\s*(require\s+)?github\.com\/lib\/pq\s+v\S+\s*$/.test(l));
    if (line >= 0) {
      out.query.postgres = 'sslmode=disable';
      out.evidence.push({ file, line: line + 1, reason: 'lib/pq asks for TLS by default: PostgreSQL URLs carry sslmode=disable' });
    }
    return out;
  }
  if (service.kind !== 'python') return out;
  let manifest: { file: string; text: string } | undefined;
  for (const name of MANIFESTS) {
    const file = joinRel(service.dir, name);
    const text = await files.read(file);
    if (text !== undefined && USES_SQLALCHEMY.test(text)) {
      manifest = { file, text };
      break;
    }
  }
  if (!manifest) return out;
  const has = (dep: string) => new RegExp(`(^|[\\s"'[,])${dep}(?=$|[\\s"'<>=~!;,\\[\\]])`, 'im').test(manifest!.text);
  let asyncEngine: boolean | undefined;
  const isAsync = async () => {
    if (asyncEngine === undefined) {
      asyncEngine = false;
      for (const file of await codeFilesOf(files, service.dir)) {
        if (/create_async_engine|AsyncEngine|AsyncSession|async_sessionmaker/.test((await codeText(files, file)) ?? '')) {
          asyncEngine = true;
          break;
        }
      }
    }
    return asyncEngine;
  };
  const choose = (engine: DatabaseEngine, scheme: string, dep: string) => {
    out.schemes[engine] = scheme;
    out.evidence.push({ file: manifest!.file, line: lineOf(manifest!.text, dep), reason: `SQLAlchemy with ${dep}: database URLs use ${scheme}://` });
  };
  if (has('asyncpg') && (await isAsync())) choose('postgres', 'postgresql+asyncpg', 'asyncpg');
  else if (!has('psycopg2') && !has('psycopg2-binary') && (has('psycopg') || has('psycopg\\[binary\\]'))) choose('postgres', 'postgresql+psycopg', 'psycopg');
  if (has('aiomysql') && (await isAsync())) choose('mysql', 'mysql+aiomysql', 'aiomysql');
  else if (!has('mysqlclient') && has('pymysql')) choose('mysql', 'mysql+pymysql', 'pymysql');
  return out;
}

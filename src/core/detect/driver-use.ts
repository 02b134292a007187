// Whether a service really uses a database driver its manifest lists. Repos list drivers they do
// not use (a template's leftovers, a driver another library pulls in, a server engine beside the
// embedded default the app actually runs on); such a database must not block the run. The
// judgement leans towards "used": any sign in the code (an import, a query builder that loads
// drivers by name, the engine's name in a URL or setting) keeps the database needed.
import type { DatabaseEngine, ServicePlan } from '../model.js';
import { codeFiles, codeTexts, MAX_CODE_FILES } from './code-files.js';
import { joinRel, type RepoFiles } from './repo-files.js';

/** Node packages that load a driver by a name given in config (`client: 'pg'`, `dialect: 'mysql'`). */
const NODE_LOADERS = /^(knex|sequelize|typeorm|@mikro-orm\/.*|kysely|drizzle-orm|objection|bookshelf|@prisma\/client|prisma|@nestjs\/(typeorm|sequelize|mongoose|bull|bullmq)|connect-redis|connect-pg-simple|connect-mongo|pg-boss|keyv|@keyv\/.*|@socket\.io\/redis-adapter|socket\.io-redis|rate-limit-redis|cache-manager-.*|typeorm-.*|@adonisjs\/lucid|waterline|sails-.*)$/;
/** The engine's names as code and settings spell them. */
const ENGINE_WORDS: Partial<Record<DatabaseEngine, RegExp>> = {
  postgres: /postgres|psycopg|\bpg\b|asyncpg/i,
  mysql: /mysql|mariadb/i,
  mariadb: /mysql|mariadb/i,
  redis: /redis/i,
  mongodb: /mongo/i,
};
const SPRING_CONFIGS = ['application.properties', 'application.yml', 'application.yaml'];
const JDBC: Partial<Record<DatabaseEngine, RegExp>> = { postgres: /jdbc:postgresql/, mysql: /jdbc:(mysql|mariadb)/, mariadb: /jdbc:(mysql|mariadb)/ };

export interface DriverUse {
  /** Why the app may run without this driver's database, or undefined when it uses it (or cannot tell). */
  unused(manifest: string, dep: string, engine: DatabaseEngine): Promise<string | undefined>;
}

export function driverUse(files: RepoFiles, service: ServicePlan): DriverUse {
  let code: Promise<{ file: string; text: string }[] | undefined> | undefined;
  /** The service's code, or undefined when there is too much of it to judge. */
  const read = () => (code ??= (async () => {
    if ((await codeFiles(files, service.dir, 4)).length >= MAX_CODE_FILES) return undefined;
    const out: { file: string; text: string }[] = [];
    for await (const entry of codeTexts(files, service.dir, 4)) out.push(entry);
    return out;
  })());
  const silent = async (test: (text: string) => boolean) => {
    const texts = await read();
    return texts !== undefined && texts.length > 0 && !texts.some((t) => test(t.text));
  };
  const word = (engine: DatabaseEngine) => ENGINE_WORDS[engine] ?? /(?!)/;
  const because = (dep: string, manifest: string) => `${dep} is listed in ${manifest}, but no code of ${service.name} uses it`;

  return {
    async unused(manifest, dep, engine) {
      if (engine === 'sqlite') return undefined;
      if (manifest === 'package.json') {
        const deps = await packageDeps(files, joinRel(service.dir, manifest));
        if ([...deps].some((d) => NODE_LOADERS.test(d))) return undefined;
        const quoted = new RegExp(`['"\`]${escape(dep)}(/[^'"\`]*)?['"\`]`);
        return (await silent((t) => quoted.test(t) || word(engine).test(t))) ? because(dep, manifest) : undefined;
      }
      if (/^(requirements\.txt|pyproject\.toml|Pipfile)$/.test(manifest)) {
        // Its module imported (`import pg8000.native`, `from pymysql import …`), or the engine named.
        const module = dep.toLowerCase().replace(/[-.]/g, '_').replace(/\[.*$/, '');
        const imported = new RegExp(`^\\s*(?:import|from)\\s+${escape(module)}\\b`, 'm');
        return (await silent((t) => imported.test(t) || word(engine).test(t))) ? because(dep, manifest) : undefined;
      }
      if (manifest === 'go.mod') {
        const imported = new RegExp(`"${escape(dep)}(/[^"]*)?"`);
        return (await silent((t) => imported.test(t))) ? because(dep, manifest) : undefined;
      }
      if (/^(pom\.xml|build\.gradle(\.kts)?)$/.test(manifest)) return springDefault(files, service, manifest, engine);
      return undefined;
    },
  };
}

/** A Spring app with H2 whose default settings name no server URL runs on H2: the server driver is for another profile. */
async function springDefault(files: RepoFiles, service: ServicePlan, manifest: string, engine: DatabaseEngine): Promise<string | undefined> {
  const build = (await files.read(joinRel(service.dir, manifest))) ?? '';
  if (!/com\.h2database|<artifactId>h2<\/artifactId>/.test(build)) return undefined;
  const jdbc = JDBC[engine];
  if (!jdbc) return undefined;
  for (const name of SPRING_CONFIGS) {
    const text = await files.read(joinRel(service.dir, `src/main/resources/${name}`));
    if (text !== undefined && jdbc.test(text)) return undefined;
  }
  return `${manifest} also lists H2, and the default Spring settings (src/main/resources/application.*) name no ${engine} URL: the app runs on H2 unless a profile asks for ${engine}`;
}

async function packageDeps(files: RepoFiles, file: string): Promise<Set<string>> {
  try {
    const json = JSON.parse((await files.read(file)) ?? '{}') as { dependencies?: Record<string, string>; devDependencies?: Record<string, string> };
    return new Set([...Object.keys(json.dependencies ?? {}), ...Object.keys(json.devDependencies ?? {})]);
  } catch {
    return new Set();
  }
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}

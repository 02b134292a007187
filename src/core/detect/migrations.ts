// The commands that bring a service's database up to date, and the ones that seed a new one,
// from what the repo declares: its own migrate/seed scripts first, then the tool it uses
// (Prisma, Knex, Sequelize, Drizzle, Django, Alembic, Rails, Laravel). Read-only.
import type { CommandSpec, Evidence, ServicePlan } from '../model.js';
import { joinRel, lineOf, type RepoFiles } from './repo-files.js';

const MIGRATE_SCRIPTS = ['db:migrate', 'migrate', 'migrate:deploy', 'migration:run', 'migrations:run', 'db:migrate:deploy'];
const SEED_SCRIPTS = ['db:seed', 'seed'];
import { VENV_PYTHON } from './providers/index.js';
import { sqliteFolderStep } from './sqlite-folder.js';

export interface MigrationPlan {
  migrate: CommandSpec[];
  seed: CommandSpec[];
  evidence: Evidence[];
}

export async function detectMigrations(files: RepoFiles, service: ServicePlan): Promise<MigrationPlan> {
  const plan: MigrationPlan = { migrate: [], seed: [], evidence: [] };
  const dir = service.dir;
  const at = (name: string) => joinRel(dir, name);
  if (service.kind === 'node') {
    const pkgText = await files.read(at('package.json'));
    const pkg = parse(pkgText);
    const scripts = pkg.scripts ?? {};
    const deps = { ...pkg.dependencies, ...pkg.devDependencies };
    const manager = service.packageManager === 'yarn' || service.packageManager === 'pnpm' || service.packageManager === 'bun' ? service.packageManager : 'npm';
    const script = (name: string): CommandSpec => ({ command: manager, args: ['run', name], cwd: dir });
    const tool = (args: string[]): CommandSpec => (manager === 'pnpm' ? { command: 'pnpm', args: ['exec', ...args], cwd: dir } : { command: 'npx', args: ['--no-install', ...args], cwd: dir });
    const migrateScript = MIGRATE_SCRIPTS.find((s) => scripts[s]);
    const seedScript = SEED_SCRIPTS.find((s) => scripts[s]);
    const because = (name: string, what: string) => plan.evidence.push({ file: at('package.json'), line: lineOf(pkgText ?? '', `"${name}"`), reason: `${what} with the "${name}" script` });
    if (migrateScript) {
      plan.migrate.push(script(migrateScript));
      because(migrateScript, 'migrate');
    } else if (deps.prisma || deps['@prisma/client']) {
      const declared = typeof pkg.prisma?.schema === 'string' && (await files.has(at(pkg.prisma.schema))) ? pkg.prisma.schema : undefined;
      const schema = declared ?? ((await files.has(at('prisma/schema.prisma'))) ? 'prisma/schema.prisma' : (await files.has(at('schema.prisma'))) ? 'schema.prisma' : undefined);
      if (schema) {
        const folder = schema.includes('/') ? schema.slice(0, schema.lastIndexOf('/')) : '';
        const migrations = await files.has(at(joinRel(folder, 'migrations')));
        const where = declared ? ['--schema', declared] : [];
        plan.migrate.push(tool(migrations ? ['prisma', 'migrate', 'deploy', ...where] : ['prisma', 'db', 'push', '--skip-generate', ...where]));
        plan.evidence.push({ file: at(schema), reason: migrations ? 'Prisma migrations: prisma migrate deploy' : 'Prisma schema without migrations: prisma db push' });
      }
    } else if (deps.knex && (await firstOf(files, dir, ['knexfile.js', 'knexfile.cjs', 'knexfile.mjs', 'knexfile.ts']))) {
      plan.migrate.push(tool(['knex', 'migrate:latest']));
      plan.evidence.push({ file: (await firstOf(files, dir, ['knexfile.js', 'knexfile.cjs', 'knexfile.mjs', 'knexfile.ts']))!, reason: 'Knex migrations: knex migrate:latest' });
      if (!seedScript && (await files.has(at('seeds')))) plan.seed.push(tool(['knex', 'seed:run']));
    } else if (deps['sequelize-cli'] && ((await files.has(at('.sequelizerc'))) || (await files.has(at('migrations'))))) {
      plan.migrate.push(tool(['sequelize-cli', 'db:migrate']));
      plan.evidence.push({ file: at('package.json'), line: lineOf(pkgText ?? '', '"sequelize-cli"'), reason: 'Sequelize migrations: sequelize-cli db:migrate' });
    } else if (deps['drizzle-kit']) {
      const config = await firstOf(files, dir, ['drizzle.config.ts', 'drizzle.config.js', 'drizzle.config.mjs', 'drizzle.config.json']);
      if (config) {
        plan.migrate.push(tool(['drizzle-kit', (await files.has(at('drizzle'))) ? 'migrate' : 'push']));
        plan.evidence.push({ file: config, reason: 'Drizzle: drizzle-kit migrate' });
      }
    }
    if (seedScript) {
      plan.seed.push(script(seedScript));
      because(seedScript, 'seed a new database');
    } else if (pkg.prisma?.seed) {
      plan.seed.push(tool(['prisma', 'db', 'seed']));
    }
  } else if (service.kind === 'python') {
    // manage.py is Django's only when the service is Django (Flask-Script apps have one too).
    if (service.framework === 'django' && (await files.has(at('manage.py')))) {
      const folder = await sqliteFolderStep(files, dir, service.start.env?.DJANGO_SETTINGS_MODULE);
      if (folder) {
        plan.migrate.push(folder.step);
        plan.evidence.push(folder.evidence);
      }
      plan.migrate.push({ command: VENV_PYTHON, args: ['manage.py', 'migrate', '--noinput'], cwd: dir });
      plan.evidence.push({ file: at('manage.py'), reason: 'Django: manage.py migrate' });
    } else if (await files.has(at('alembic.ini'))) {
      plan.migrate.push({ command: VENV_PYTHON, args: ['-m', 'alembic', 'upgrade', 'head'], cwd: dir });
      plan.evidence.push({ file: at('alembic.ini'), reason: 'Alembic: alembic upgrade head' });
    } else if ((await files.has(at('migrations/alembic.ini'))) && service.framework === 'flask') {
      // Flask-Migrate keeps Alembic's files in migrations/ and runs them through the app: flask db upgrade.
      // The app as the start names it: `--app`, or FLASK_APP for a Flask older than 2.2.
      const app = service.start.args[service.start.args.indexOf('--app') + 1];
      const byEnv = service.start.env?.FLASK_APP;
      plan.migrate.push({
        command: VENV_PYTHON, args: ['-m', 'flask', ...(service.start.args.includes('--app') && app ? ['--app', app] : []), 'db', 'upgrade'], cwd: dir,
        ...(byEnv ? { env: { FLASK_APP: byEnv } } : {}),
      });
      plan.evidence.push({ file: at('migrations/alembic.ini'), reason: 'Flask-Migrate: flask db upgrade' });
    }
  } else if (service.kind === 'rust') {
    const cargo = (await files.read(at('Cargo.toml'))) ?? '';
    const features = /^\s*sqlx\s*=.*\b(postgres|mysql|sqlite)\b/m.exec(cargo)?.[1] ?? /^\s*features\s*=.*\b(postgres|mysql|sqlite)\b/m.exec(cargo.slice(cargo.search(/^\[dependencies\.sqlx\]/m)))?.[1];
    if (/^\s*sqlx\s*=|^\[dependencies\.sqlx\]/m.test(cargo) && (await files.has(at('migrations')))) {
      // SQLx checks its queries against the database when it compiles: the schema must be there before `cargo run`.
      // sqlx-cli is built once (cargo install skips a version already installed) and run as `cargo sqlx`.
      plan.migrate.push(
        { command: 'cargo', args: ['install', 'sqlx-cli', '--locked', '--no-default-features', '--features', `rustls,${features ?? 'postgres'}`], cwd: dir },
        { command: 'cargo', args: ['sqlx', 'migrate', 'run'], cwd: dir },
      );
      plan.evidence.push({ file: at('migrations'), reason: 'SQLx migrations: cargo sqlx migrate run (before the build, which checks queries against the schema)' });
    } else if (/^\s*diesel\s*=|^\[dependencies\.diesel\]/m.test(cargo) && (await files.has(at('migrations')))) {
      const backend = /^\s*diesel\s*=.*\b(postgres|mysql|sqlite)\b/m.exec(cargo)?.[1] ?? 'postgres';
      plan.migrate.push(
        { command: 'cargo', args: ['install', 'diesel_cli', '--locked', '--no-default-features', '--features', backend], cwd: dir },
        { command: 'diesel', args: ['migration', 'run'], cwd: dir },
      );
      plan.evidence.push({ file: at('migrations'), reason: 'Diesel migrations: diesel migration run' });
    }
  } else if (service.kind === 'ruby' && service.framework.toLowerCase().includes('rails')) {
    plan.migrate.push({ command: 'bin/rails', args: ['db:prepare'], cwd: dir });
    plan.evidence.push({ file: at('Gemfile'), reason: 'Rails: rails db:prepare (creates, migrates and seeds)' });
  } else if (service.kind === 'php' && (await files.has(at('artisan')))) {
    plan.migrate.push({ command: 'php', args: ['artisan', 'migrate', '--force'], cwd: dir });
    plan.evidence.push({ file: at('artisan'), reason: 'Laravel: php artisan migrate' });
  }
  return plan;
}

interface PackageJson {
  scripts?: Record<string, string>;
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
  prisma?: { seed?: string; schema?: string };
}

function parse(text: string | undefined): PackageJson {
  try {
    const value = JSON.parse(text ?? '{}') as unknown;
    return typeof value === 'object' && value !== null ? (value as PackageJson) : {};
  } catch {
    return {};
  }
}

async function firstOf(files: RepoFiles, dir: string, names: string[]): Promise<string | undefined> {
  for (const name of names) if (await files.has(joinRel(dir, name))) return joinRel(dir, name);
  return undefined;
}

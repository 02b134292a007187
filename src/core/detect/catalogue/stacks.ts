// Frameworks of the stacks beyond Node and Python, recognised by a manifest and the text in it.
// Within a stack the first matching entry wins, so the generic entry of each stack comes last.
import { entries, HTTP_ROOT } from './entry.js';

const goEntries = ['.', './cmd/server', './cmd/api', './cmd/app'];
const go = { kind: 'go', role: 'backend', tool: 'go', packageManager: 'go', install: [['go', 'mod', 'download']], start: ['go', 'run', '{entry}'], entries: goEntries, port: { preferred: 8080, env: 'PORT' } } as const;
const rust = { kind: 'rust', role: 'backend', tool: 'cargo', packageManager: 'cargo', install: [['cargo', 'fetch']], start: ['cargo', 'run'] } as const;
const bundler = { kind: 'ruby', role: 'backend', tool: 'ruby', packageManager: 'bundler', install: [['bundle', 'install']], health: HTTP_ROOT } as const;
const php = { kind: 'php', role: 'backend', tool: 'php', health: HTTP_ROOT, port: { preferred: 8000 }, docs: 'https://www.php.net/manual/en/features.commandline.webserver.php' } as const;
const gradle = {
  kind: 'java', role: 'backend', recognise: { match: /org\.springframework\.boot/ }, wrapper: { script: './gradlew', fallback: 'gradle' }, tool: 'java', packageManager: 'gradle',
  install: [], start: ['{wrapper}', 'bootRun'], port: { preferred: 8080, env: 'SERVER_PORT' }, health: HTTP_ROOT, docs: 'https://docs.spring.io/spring-boot/gradle-plugin/running.html',
} as const;

const gradleApplication = {
  id: 'java-gradle-application', name: 'Java (Gradle application)', kind: 'java', role: 'backend', recognise: { match: /^\s*(?:id\s*\(?\s*["']application["']|apply\s+plugin\s*:\s*["']application["']|application\b)/m },
  wrapper: { script: './gradlew', fallback: 'gradle' }, tool: 'java', packageManager: 'gradle', install: [], start: ['{wrapper}', '--console=plain', 'run'],
  port: { preferred: 8080, env: 'PORT' }, health: { kind: 'tcp' }, docs: 'https://docs.gradle.org/current/userguide/application_plugin.html',
} as const;

export const GO_FRAMEWORKS = entries([
  { ...go, id: 'go-gin', name: 'Gin', recognise: { manifest: 'go.mod', match: /github\.com\/gin-gonic\/gin/ }, health: HTTP_ROOT, docs: 'https://gin-gonic.com/docs/quickstart/' },
  { ...go, id: 'go-echo', name: 'Echo', recognise: { manifest: 'go.mod', match: /github\.com\/labstack\/echo/ }, health: HTTP_ROOT, docs: 'https://echo.labstack.com/docs/quick-start' },
  { ...go, id: 'go-fiber', name: 'Fiber', recognise: { manifest: 'go.mod', match: /github\.com\/gofiber\/fiber/ }, health: HTTP_ROOT, docs: 'https://docs.gofiber.io/' },
  { ...go, id: 'go-nethttp', name: 'Go', recognise: { manifest: 'go.mod' }, health: { kind: 'tcp' }, httpWhen: /"net\/http"/, docs: 'https://pkg.go.dev/net/http#ListenAndServe' },
]);

export const RUST_FRAMEWORKS = entries([
  { ...rust, id: 'rust-axum', name: 'axum', recognise: { manifest: 'Cargo.toml', match: /^\s*axum\s*=/m }, port: { preferred: 8000, env: 'PORT' }, health: HTTP_ROOT, docs: 'https://docs.rs/axum/latest/axum/' },
  { ...rust, id: 'rust-actix', name: 'actix-web', recognise: { manifest: 'Cargo.toml', match: /^\s*actix-web\s*=/m }, port: { preferred: 8000, env: 'PORT' }, health: HTTP_ROOT, docs: 'https://actix.rs/docs/server' },
  { ...rust, id: 'rust-rocket', name: 'Rocket', recognise: { manifest: 'Cargo.toml', match: /^\s*rocket\s*=/m }, port: { preferred: 8000, env: 'ROCKET_PORT' }, health: HTTP_ROOT, docs: 'https://rocket.rs/guide/v0.5/configuration/' },
  { ...rust, id: 'rust-bin', name: 'Rust', recognise: { manifest: 'Cargo.toml' }, port: { preferred: 8000, env: 'PORT' }, health: { kind: 'tcp' }, docs: 'https://doc.rust-lang.org/cargo/commands/cargo-run.html' },
]);

/**
 * A Spring Boot app that serves: the web starters, and the Spring Cloud servers that bring them
 * (config, Eureka discovery, gateway, Spring Boot Admin).
 */
const SPRING_BOOT_SERVER = /spring-boot-starter-web|spring-cloud-config-server|spring-cloud-starter-netflix-eureka-server|spring-cloud-starter-gateway|spring-boot-admin-starter-server/;

export const JAVA_FRAMEWORKS = entries([
  {
    id: 'spring-boot-maven', name: 'Spring Boot (Maven)', kind: 'java', role: 'backend', recognise: { manifest: 'pom.xml', match: SPRING_BOOT_SERVER },
    wrapper: { script: './mvnw', fallback: 'mvn' }, tool: 'java', packageManager: 'maven', install: [], start: ['{wrapper}', '-q', 'spring-boot:run'],
    port: { preferred: 8080, env: 'SERVER_PORT' }, health: HTTP_ROOT, docs: 'https://docs.spring.io/spring-boot/maven-plugin/run.html',
  },
  { ...gradle, id: 'spring-boot-gradle', name: 'Spring Boot (Gradle)', recognise: { ...gradle.recognise, manifest: 'build.gradle' } },
  { ...gradle, id: 'spring-boot-gradle', name: 'Spring Boot (Gradle)', recognise: { ...gradle.recognise, manifest: 'build.gradle.kts' } },
  // A plain Java program: compiled and run by its build tool, so its dependencies are on the class path.
  {
    id: 'java-main', name: 'Java (Maven)', kind: 'java', role: 'backend', recognise: { manifest: 'pom.xml' }, wrapper: { script: './mvnw', fallback: 'mvn' }, tool: 'java', packageManager: 'maven',
    install: [], start: ['{wrapper}', '-q', 'compile', 'exec:java', '-Dexec.mainClass={entry}'], port: { preferred: 8080, env: 'PORT' }, health: { kind: 'tcp' },
    docs: 'https://www.mojohaus.org/exec-maven-plugin/java-mojo.html',
  },
  { ...gradleApplication, recognise: { ...gradleApplication.recognise, manifest: 'build.gradle' } },
  { ...gradleApplication, recognise: { ...gradleApplication.recognise, manifest: 'build.gradle.kts' } },
]);

export const RUBY_FRAMEWORKS = entries([
  {
    ...bundler, id: 'rails', name: 'Ruby on Rails', recognise: { manifest: 'Gemfile', match: /^\s*gem\s+['"]rails['"]/m },
    start: ['bundle', 'exec', 'rails', 'server', '-p', '{port}', '-b', '{host}'], port: { preferred: 3000 }, docs: 'https://guides.rubyonrails.org/command_line.html#bin-rails-server',
  },
  {
    ...bundler, id: 'sinatra', name: 'Sinatra', recognise: { manifest: 'Gemfile', match: /^\s*gem\s+['"]sinatra['"]/m }, entries: ['app.rb', 'server.rb', 'main.rb'],
    start: ['bundle', 'exec', 'ruby', '{entry}', '-p', '{port}', '-o', '{host}'], port: { preferred: 4567 }, docs: 'https://sinatrarb.com/configuration.html',
  },
  {
    ...bundler, id: 'rack', name: 'Rack', recognise: { manifest: 'Gemfile', requires: 'config.ru' },
    start: ['bundle', 'exec', 'rackup', '-p', '{port}', '-o', '{host}'], port: { preferred: 9292 }, docs: 'https://github.com/rack/rack/blob/main/README.md',
  },
]);

export const PHP_FRAMEWORKS = entries([
  {
    ...php, id: 'laravel', name: 'Laravel', recognise: { manifest: 'composer.json', match: /"laravel\/framework"/ }, packageManager: 'composer',
    install: [['composer', 'install', '--no-interaction']], start: ['php', 'artisan', 'serve', '--host={host}', '--port={port}'],
    docs: 'https://laravel.com/docs/installation#local-installation-using-herd',
  },
  { ...php, id: 'php', name: 'PHP built-in server', recognise: { manifest: 'index.php' }, install: [], start: ['php', '-S', '{host}:{port}'] },
  { ...php, id: 'php', name: 'PHP built-in server', recognise: { manifest: 'public/index.php' }, install: [], start: ['php', '-S', '{host}:{port}', '-t', 'public'] },
]);

export const DOTNET_FRAMEWORKS = entries([
  {
    id: 'aspnet', name: 'ASP.NET Core', kind: 'dotnet', role: 'backend', recognise: { manifest: '*.csproj', match: /Microsoft\.NET\.Sdk\.Web/ },
    tool: 'dotnet', packageManager: 'dotnet', install: [['dotnet', 'restore']], start: ['dotnet', 'run', '--urls', 'http://{host}:{port}'],
    port: { preferred: 5000 }, health: HTTP_ROOT, docs: 'https://learn.microsoft.com/aspnet/core/fundamentals/servers/kestrel/endpoints',
  },
  // A worker service (no port: healthy while it runs) and a console program (a job, or a server on PORT); a test project is neither.
  {
    id: 'dotnet-worker', name: '.NET worker', kind: 'dotnet', role: 'tool', recognise: { manifest: '*.csproj', match: /Microsoft\.NET\.Sdk\.Worker/ },
    tool: 'dotnet', packageManager: 'dotnet', install: [['dotnet', 'restore']], start: ['dotnet', 'run', '--no-restore'],
    port: { preferred: 5000, env: 'PORT' }, health: { kind: 'none' }, docs: 'https://learn.microsoft.com/dotnet/core/extensions/workers',
  },
  {
    id: 'dotnet-console', name: '.NET console app', kind: 'dotnet', role: 'backend', recognise: { manifest: '*.csproj', match: /^(?![\s\S]*Microsoft\.NET\.Test\.Sdk)[\s\S]*?<OutputType>\s*Exe\s*<\/OutputType>/i },
    tool: 'dotnet', packageManager: 'dotnet', install: [['dotnet', 'restore']], start: ['dotnet', 'run', '--no-restore'],
    port: { preferred: 5000, env: 'PORT' }, health: { kind: 'tcp' }, docs: 'https://learn.microsoft.com/dotnet/core/tools/dotnet-run',
  },
]);

const deno = {
  kind: 'deno', role: 'backend', entries: ['main.ts', 'server.ts', 'mod.ts', 'main.js'], tool: 'deno', packageManager: 'deno', install: [],
  start: ['deno', 'run', '--allow-net', '--allow-env', '--allow-read', '{entry}'], port: { preferred: 8000, env: 'PORT' }, health: HTTP_ROOT,
  docs: 'https://docs.deno.com/runtime/reference/cli/run/',
} as const;

export const DENO_FRAMEWORKS = entries([
  { ...deno, id: 'deno', name: 'Deno', recognise: { manifest: 'deno.json' } },
  { ...deno, id: 'deno', name: 'Deno', recognise: { manifest: 'deno.jsonc' } },
]);

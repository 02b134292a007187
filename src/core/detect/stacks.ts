// Stacks beyond Node and Python, as data: the manifest that marks a project of the stack, the
// text in it that recognises each framework, and the install and start commands as argument
// templates (`{port}` is the assigned port, `{entry}` the entry file found, `{wrapper}` the
// build tool's wrapper script when the repo has one). The first matching entry wins.
import type { ServicePlan, ToolName } from '../model.js';
import type { FrameworkEntry } from './catalogue.js';

export interface StackEntry extends FrameworkEntry {
  /** A file name, or `*.ext` for any file with that extension, in the service's folder. */
  manifest: string;
  /** Text in the manifest that recognises the framework; absent: any project of the stack. */
  match?: RegExp;
  /** Another file the folder must have (e.g. config.ru for Rack). */
  requires?: string;
  /** Entry files to look for, in order, for `{entry}`. */
  entries?: string[];
  /** Where the entry's code matches this, the health check is HTTP (the entry is a web server). */
  httpWhen?: RegExp;
  /** The wrapper script and the build tool used when it is absent, for `{wrapper}`. */
  wrapper?: { script: string; fallback: string };
  tool: ToolName;
  packageManager: ServicePlan['packageManager'];
  install: string[][];
  start: string[];
}

const http = { kind: 'http' as const, path: '/' };
const go = (id: string, name: string, match: RegExp | undefined, docs: string): StackEntry => ({
  id, name, kind: 'go', dependency: match?.source ?? '', manifest: 'go.mod', match, tool: 'go', packageManager: 'go',
  install: [['go', 'mod', 'download']], start: ['go', 'run', '{entry}'], entries: ['.', './cmd/server', './cmd/api', './cmd/app'],
  preferredPort: 8080, portEnv: 'PORT', health: match ? http : { kind: 'tcp' }, httpWhen: /"net\/http"/, docs,
});
const rust = (id: string, name: string, match: RegExp | undefined, portEnv: string, docs: string): StackEntry => ({
  id, name, kind: 'rust', dependency: match?.source ?? '', manifest: 'Cargo.toml', match, tool: 'cargo', packageManager: 'cargo',
  install: [['cargo', 'fetch']], start: ['cargo', 'run'], preferredPort: 8000, portEnv, health: match ? http : { kind: 'tcp' }, docs,
});

export const STACKS: readonly StackEntry[] = [
  go('go-gin', 'Gin', /github\.com\/gin-gonic\/gin/, 'https://gin-gonic.com/docs/quickstart/'),
  go('go-echo', 'Echo', /github\.com\/labstack\/echo/, 'https://echo.labstack.com/docs/quick-start'),
  go('go-fiber', 'Fiber', /github\.com\/gofiber\/fiber/, 'https://docs.gofiber.io/'),
  go('go-nethttp', 'Go', undefined, 'https://pkg.go.dev/net/http#ListenAndServe'),
  rust('rust-axum', 'axum', /^\s*axum\s*=/m, 'PORT', 'https://docs.rs/axum/latest/axum/'),
  rust('rust-actix', 'actix-web', /^\s*actix-web\s*=/m, 'PORT', 'https://actix.rs/docs/server'),
  rust('rust-rocket', 'Rocket', /^\s*rocket\s*=/m, 'ROCKET_PORT', 'https://rocket.rs/guide/v0.5/configuration/'),
  rust('rust-bin', 'Rust', undefined, 'PORT', 'https://doc.rust-lang.org/cargo/commands/cargo-run.html'),
  {
    id: 'spring-boot-maven', name: 'Spring Boot (Maven)', kind: 'java', dependency: 'spring-boot-starter-web', manifest: 'pom.xml',
    match: /spring-boot-starter-web/, wrapper: { script: './mvnw', fallback: 'mvn' }, tool: 'java', packageManager: 'maven',
    install: [], start: ['{wrapper}', '-q', 'spring-boot:run'], preferredPort: 8080, portEnv: 'SERVER_PORT', health: http,
    docs: 'https://docs.spring.io/spring-boot/maven-plugin/run.html',
  },
  {
    id: 'spring-boot-gradle', name: 'Spring Boot (Gradle)', kind: 'java', dependency: 'org.springframework.boot', manifest: 'build.gradle',
    match: /org\.springframework\.boot/, wrapper: { script: './gradlew', fallback: 'gradle' }, tool: 'java', packageManager: 'gradle',
    install: [], start: ['{wrapper}', 'bootRun'], preferredPort: 8080, portEnv: 'SERVER_PORT', health: http,
    docs: 'https://docs.spring.io/spring-boot/gradle-plugin/running.html',
  },
  {
    id: 'spring-boot-gradle', name: 'Spring Boot (Gradle)', kind: 'java', dependency: 'org.springframework.boot', manifest: 'build.gradle.kts',
    match: /org\.springframework\.boot/, wrapper: { script: './gradlew', fallback: 'gradle' }, tool: 'java', packageManager: 'gradle',
    install: [], start: ['{wrapper}', 'bootRun'], preferredPort: 8080, portEnv: 'SERVER_PORT', health: http,
    docs: 'https://docs.spring.io/spring-boot/gradle-plugin/running.html',
  },
  {
    id: 'rails', name: 'Ruby on Rails', kind: 'ruby', dependency: 'rails', manifest: 'Gemfile', match: /^\s*gem\s+['"]rails['"]/m,
    tool: 'ruby', packageManager: 'bundler', install: [['bundle', 'install']], start: ['bundle', 'exec', 'rails', 'server', '-p', '{port}', '-b', '{host}'],
    preferredPort: 3000, health: http, docs: 'https://guides.rubyonrails.org/command_line.html#bin-rails-server',
  },
  {
    id: 'sinatra', name: 'Sinatra', kind: 'ruby', dependency: 'sinatra', manifest: 'Gemfile', match: /^\s*gem\s+['"]sinatra['"]/m,
    entries: ['app.rb', 'server.rb', 'main.rb'], tool: 'ruby', packageManager: 'bundler', install: [['bundle', 'install']],
    start: ['bundle', 'exec', 'ruby', '{entry}', '-p', '{port}', '-o', '{host}'], preferredPort: 4567, health: http,
    docs: 'https://sinatrarb.com/configuration.html',
  },
  {
    id: 'rack', name: 'Rack', kind: 'ruby', dependency: 'rack', manifest: 'Gemfile', requires: 'config.ru', tool: 'ruby', packageManager: 'bundler',
    install: [['bundle', 'install']], start: ['bundle', 'exec', 'rackup', '-p', '{port}', '-o', '{host}'], preferredPort: 9292, health: http,
    docs: 'https://github.com/rack/rack/blob/main/README.md',
  },
  {
    id: 'laravel', name: 'Laravel', kind: 'php', dependency: 'laravel/framework', manifest: 'composer.json', match: /"laravel\/framework"/,
    tool: 'php', packageManager: 'composer', install: [['composer', 'install', '--no-interaction']],
    start: ['php', 'artisan', 'serve', '--host={host}', '--port={port}'], preferredPort: 8000, health: http,
    docs: 'https://laravel.com/docs/installation#local-installation-using-herd',
  },
  {
    id: 'php', name: 'PHP built-in server', kind: 'php', dependency: '', manifest: 'index.php', tool: 'php', packageManager: undefined,
    install: [], start: ['php', '-S', '{host}:{port}'], preferredPort: 8000, health: http, docs: 'https://www.php.net/manual/en/features.commandline.webserver.php',
  },
  {
    id: 'php', name: 'PHP built-in server', kind: 'php', dependency: '', manifest: 'public/index.php', tool: 'php', packageManager: undefined,
    install: [], start: ['php', '-S', '{host}:{port}', '-t', 'public'], preferredPort: 8000, health: http, docs: 'https://www.php.net/manual/en/features.commandline.webserver.php',
  },
  {
    id: 'aspnet', name: 'ASP.NET Core', kind: 'dotnet', dependency: 'Microsoft.NET.Sdk.Web', manifest: '*.csproj', match: /Microsoft\.NET\.Sdk\.Web/,
    tool: 'dotnet', packageManager: 'dotnet', install: [['dotnet', 'restore']], start: ['dotnet', 'run', '--urls', 'http://{host}:{port}'],
    preferredPort: 5000, health: http, docs: 'https://learn.microsoft.com/aspnet/core/fundamentals/servers/kestrel/endpoints',
  },
  {
    id: 'deno', name: 'Deno', kind: 'deno', dependency: '', manifest: 'deno.json', entries: ['main.ts', 'server.ts', 'mod.ts', 'main.js'],
    tool: 'deno', packageManager: 'deno', install: [], start: ['deno', 'run', '--allow-net', '--allow-env', '--allow-read', '{entry}'],
    preferredPort: 8000, portEnv: 'PORT', health: http, docs: 'https://docs.deno.com/runtime/reference/cli/run/',
  },
];

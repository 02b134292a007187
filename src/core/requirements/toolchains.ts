// Every toolchain a service can need: the command, how to ask it its version, and how to
// install it on this kind of machine (Debian), for the "toolchain missing" finding.
import type { ToolchainProbe } from '../host.js';
import type { ToolName } from '../model.js';

export interface ToolchainInfo {
  command: string;
  versionArgs: string[];
  hint: string;
  /** Debian's packages that bring it, offered as a fix when it is missing. */
  debian?: string[];
}

const tool = (command: string, hint: string, versionArgs = ['--version'], debian?: string[]): ToolchainInfo => ({ command, versionArgs, hint, debian });

export const TOOLCHAINS: Record<ToolName, ToolchainInfo> = {
  node: tool('node', 'install Node.js (https://nodejs.org, or `apt-get install nodejs npm` on Debian)', undefined, ['nodejs', 'npm']),
  npm: tool('npm', 'install npm (`apt-get install npm` on Debian)', undefined, ['npm']),
  yarn: tool('yarn', 'run `corepack enable` (ships with Node.js) or `npm install -g yarn`'),
  pnpm: tool('pnpm', 'run `corepack enable` (ships with Node.js) or `npm install -g pnpm`'),
  bun: tool('bun', 'run `npm install -g bun`'),
  deno: tool('deno', 'run `npm install -g deno`'),
  python: tool('python3', 'install Python 3 (`apt-get install python3 python3-venv` on Debian)', undefined, ['python3', 'python3-venv']),
  poetry: tool('poetry', 'run `pipx install poetry` (or `pip install poetry`)'),
  uv: tool('uv', 'run `pipx install uv` (or `pip install uv`)'),
  pdm: tool('pdm', 'run `pipx install pdm` (or `pip install pdm`)'),
  pipenv: tool('pipenv', 'run `pipx install pipenv` (or `pip install pipenv`)'),
  go: tool('go', 'install Go (https://go.dev/doc/install, or `apt-get install golang` on Debian)', ['version'], ['golang']),
  cargo: tool('cargo', 'install Rust with rustup (https://rustup.rs)'),
  java: tool('java', 'install a JDK (`apt-get install default-jdk` on Debian)', ['-version'], ['default-jdk']),
  mvn: tool('mvn', 'install Maven (`apt-get install maven` on Debian), or add the Maven wrapper (mvnw) to the repo', undefined, ['maven']),
  gradle: tool('gradle', 'install Gradle (`apt-get install gradle` on Debian), or add the Gradle wrapper (gradlew) to the repo', undefined, ['gradle']),
  ruby: tool('ruby', 'install Ruby (`apt-get install ruby-full` on Debian)', undefined, ['ruby-full']),
  bundle: tool('bundle', 'install Bundler (`apt-get install ruby-bundler` on Debian, or `gem install bundler`)', undefined, ['ruby-bundler']),
  php: tool('php', 'install PHP (`apt-get install php-cli` on Debian)', undefined, ['php-cli']),
  composer: tool('composer', 'install Composer (`apt-get install composer` on Debian)', undefined, ['composer']),
  // Neither .NET nor Gleam is in Debian 12's own archive: the way to get them is their vendor's.
  dotnet: tool('dotnet', 'install the .NET SDK (https://dotnet.microsoft.com/download): it is not in Debian 12\'s archive; add Microsoft\'s package feed (https://learn.microsoft.com/dotnet/core/install/linux-debian) and `apt-get install dotnet-sdk-8.0`, or run Microsoft\'s dotnet-install.sh'),
  // `elixir --version` names Erlang's runtime first; Elixir's own version is asked directly. OTP has a major version only.
  elixir: tool('elixir', 'install Elixir and Erlang (`apt-get install elixir erlang` on Debian; https://elixir-lang.org/install.html)', ['-e', 'IO.puts(System.version())'], ['elixir', 'erlang']),
  erlang: tool('erl', 'install Erlang/OTP (`apt-get install erlang` on Debian)', ['-noshell', '-eval', 'io:format("~s.0~n", [erlang:system_info(otp_release)]), halt().'], ['erlang']),
  gleam: tool('gleam', 'install Gleam: it is not in Debian 12\'s archive; download a release binary (https://gleam.run/getting-started/installing/) and put it on PATH, with Erlang from `apt-get install erlang`'),
  cmake: tool('cmake', 'install CMake and a C/C++ compiler (`apt-get install cmake g++` on Debian)', undefined, ['cmake', 'g++']),
  meson: tool('meson', 'install Meson, Ninja and a C/C++ compiler (`apt-get install meson ninja-build g++` on Debian)', undefined, ['meson', 'ninja-build', 'g++']),
  ninja: tool('ninja', 'install Ninja (`apt-get install ninja-build` on Debian)', undefined, ['ninja-build']),
  cc: tool('cc', 'install a C compiler (`apt-get install gcc` on Debian)', undefined, ['gcc']),
  cxx: tool('c++', 'install a C++ compiler (`apt-get install g++` on Debian)', undefined, ['g++']),
};

/**
 * `probe`, asking each tool once until `forget()`: a run keeps one, so every phase of a pass sees
 * the same answer; a retry (after the user installed something) and the next run ask again.
 */
export function askedOnce(probe: ToolchainProbe): ToolchainProbe & { forget(): void } {
  const asked = new Map<string, Promise<string | undefined>>();
  return {
    version(command, versionArgs = ['--version']) {
      const key = [command, ...versionArgs].join(' ');
      let found = asked.get(key);
      if (!found) {
        found = probe.version(command, versionArgs);
        asked.set(key, found);
      }
      return found;
    },
    forget: () => asked.clear(),
  };
}

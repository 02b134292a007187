// The languages of the Erlang VM: Elixir projects (Mix, Phoenix) and Gleam projects.
import { entries, HTTP_ROOT } from './entry.js';

const mix = { kind: 'elixir', role: 'backend', tool: 'elixir', packageManager: 'mix', install: [['mix', 'local.hex', '--force', '--if-missing'], ['mix', 'deps.get']] } as const;

export const BEAM_FRAMEWORKS = entries([
  {
    ...mix, id: 'phoenix', name: 'Phoenix', recognise: { manifest: 'mix.exs', match: /\{\s*:phoenix\s*,/ }, start: ['mix', 'phx.server'],
    port: { preferred: 4000, env: 'PORT' }, health: HTTP_ROOT, docs: 'https://hexdocs.pm/phoenix/up_and_running.html',
  },
  {
    ...mix, id: 'elixir-mix', name: 'Elixir (Mix)', recognise: { manifest: 'mix.exs' }, start: ['mix', 'run', '--no-halt'],
    // An application may serve (Plug, Bandit) or only work: it is healthy while it runs, and done when it ends well.
    port: { preferred: 4000, env: 'PORT' }, health: { kind: 'none' }, docs: 'https://hexdocs.pm/mix/Mix.Tasks.Run.html',
  },
  {
    id: 'gleam', name: 'Gleam', kind: 'gleam', role: 'backend', recognise: { manifest: 'gleam.toml' }, tool: 'gleam', alsoNeeds: ['erlang'], packageManager: 'gleam',
    install: [['gleam', 'deps', 'download']], start: ['gleam', 'run'], port: { preferred: 8000, env: 'PORT' }, health: { kind: 'tcp' },
    docs: 'https://gleam.run/writing-gleam/command-line-reference/#run',
  },
]);

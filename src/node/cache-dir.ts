// The folder Repo Runner keeps its per-user cache in (toolchain versions, the loopback preload).
import { homedir } from 'node:os';
import { join } from 'node:path';

export function userCacheDir(env: Record<string, string | undefined>): string {
  return env.REPO_RUNNER_CACHE_DIR ?? join(env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'repo-runner');
}

// The engine's detection face: what `repo-runner detect` needs and nothing that runs, so a CLI
// that only detects never loads the orchestrator. Everything here is exported by index.ts too.
export { detectPlan } from './detect/detect-plan.js';
export { describe } from './phases/commands.js';
export { maskValue } from './secrets/index.js';
export type { Evidence, Finding, HealthCheck, Plan } from './model.js';
export type { FileSystemLike } from './host.js';

// The engine's public face: everything src/cli and src/vscode use from src/core, and nothing
// else. The faces import only this module (an ESLint rule in eslint.config.mjs says so), so the
// engine's inner modules can move without touching them. src/node implements the host's ports
// and may import the engine's inner modules directly.

// The run: starting it, its events and outcome, and the state the editor shows.
export { startRun, type DebugStart, type RunRequest, type RunSession } from './orchestrator.js';
export type { RunTimings } from './checkpoint.js';
export { DEFAULT_OPTIONS, type EngineOptions } from './run-context.js';
export { ALL_INTERFACES, BIND_ADDRESSES, LOOPBACK, parseBindAddress } from './bind-address.js';
export { applyEvent, emptyRunState, healthCount, type PhaseView, type RunStateView, type ServiceView } from './run-state.js';
export { supersedes, withFinding } from './finding-groups.js';
export { PHASES } from './model.js';
export type {
  DatabaseState, DatabaseStatus, EnvValue, Evidence, Finding, Fix, HealthCheck, PhaseName, PhaseStatus, Plan,
  RunEvent, RunOutcome, ServiceStatus, Severity, ToolName,
} from './model.js';
export type { FileSystemLike, Host } from './host.js';

// Detection, and what a plan says.
export { detectPlan } from './detect/detect-plan.js';
export { describe } from './phases/commands.js';
export { TOOLCHAINS } from './requirements/toolchains.js';

// Fixes the user confirms, and the commands they run.
export { applyFix, previewFix, type FixOutcome } from './fixer/apply-fix.js';
export { previewText } from './fixer/preview-text.js';
export { auditAction, auditedLauncher } from './audit-log.js';

// Databases.
export { resetDatabase, type ResetResult } from './database/reset.js';

// Text from repos, processes and the LLM, made safe to show.
export { maskUrl, maskValue } from './secrets/index.js';
export { plainText } from './plain-text.js';
export { stripAnsi } from './fixer/failure.js';
export { BoundedLines } from './bounded-lines.js';

// Settings.
export type { UserLlmSettings } from './llm/llm-settings.js';

// Export: the plan for Docker Compose, Kubernetes and Dev Containers.
export {
  DEFAULT_OUT_DIR, EXPORT_BUILDERS, EXPORT_TARGETS, conflictsOf, exportPlan, gatherFacts, writeExport,
  type ExportBuilder, type ExportedFile, type ExportOptions, type ExportResult, type ExportTarget, type WriteOutcome,
} from './export/index.js';
// Debugging one service, and launch.json.
export { debugLaunch, type DebugConfiguration, type DebugLaunch } from './debug/debug-launch.js';
export { launchConfigurations, mergeLaunchJson, type LaunchMerge } from './debug/launch-json.js';

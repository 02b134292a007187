// Export: the plan written for Docker Compose, Kubernetes (and Helm) and Dev Containers.
export { exportPlan, type ExportResult } from './export-plan.js';
export { gatherFacts } from './facts.js';
export { writeExport, conflictsOf, type WriteOutcome } from './write-export.js';
export { DEFAULT_OUT_DIR, EXPORT_BUILDERS, EXPORT_TARGETS, type ExportBuilder, type ExportedFile, type ExportFacts, type ExportOptions, type ExportTarget } from './types.js';

// Every kind of problem the engine reports, by the stable `code` of its Finding. Tools, tests
// and the problems view refer to these; a new finding needs its code added here. Grouped by
// where they come from (a code can come from more than one place: `env-missing` from the
// requirements phase and from the Fixer, `command-not-found` from setup and from the Fixer).

/** Detection: manifests, config files, compose, Procfile, folders the scan skips. */
export type DetectFindingCode =
  | 'compose-cycle'
  | 'compose-invalid'
  | 'config-invalid'
  | 'env-line-ignored'
  | 'folder-unreadable'
  | 'manifest-binary'
  | 'manifest-empty'
  | 'manifest-invalid'
  | 'manifest-too-large'
  | 'path-unresolvable';

/** The phases' own findings, reported when no Fixer signature explains a failure better. */
export type PhaseFindingCode =
  | 'toolchain-missing'
  | 'toolchain-version-mismatch'
  | 'toolchain-unavailable'
  | 'linker-substituted'
  | 'env-missing'
  | 'install-failed'
  | 'command-not-found'
  | 'migration-failed'
  | 'release-failed'
  | 'seed-failed'
  | 'config-database-mismatch'
  | 'env-value-needed'
  | 'service-exited'
  | 'health-http-error'
  | 'health-timeout';

/** Provisioning a database server (database/provision.ts). */
export type DatabaseFindingCode =
  | 'database-engine-unsupported'
  | 'database-folder-unusable'
  | 'database-init-failed'
  | 'database-login-failed'
  | 'database-port-taken'
  | 'database-server-missing'
  | 'database-setup-failed'
  | 'database-start-failed'
  | 'database-unreachable';

/** The orchestrator: supervision and its own errors. */
export type RunFindingCode =
  | 'crash-loop'
  | 'database-crash-loop'
  | 'internal-error'
  | 'unhealthy-loop';

/** Starting one service under its debugger (debug/debug-service.ts). */
export type DebugFindingCode =
  | 'debugger-missing'
  | 'debugger-install-failed'
  | 'debugger-unsupported';

/** The Fixer's signatures (fixer/signatures/*.ts): a failure's output explained. */
export type SignatureFindingCode =
  // process.ts
  | 'command-not-found'
  | 'out-of-memory'
  | 'port-in-use'
  | 'start-permission-denied'
  // runtime.ts
  | 'env-missing'
  | 'health-http-error'
  | 'service-exits-at-once'
  | 'wrong-port'
  // causes.ts
  | 'host-unreachable'
  | 'java-root-cause'
  | 'typescript-compile-error'
  // database.ts
  | 'database-auth-failed'
  | 'database-missing'
  | 'database-refused'
  | 'database-schema-missing'
  // node.ts
  | 'dependency-host-unreachable'
  | 'node-missing-module'
  | 'node-module-type'
  | 'node-syntax-error'
  | 'node-too-old'
  | 'node-uncaught-exception'
  | 'npm-engine-unsupported'
  | 'node-native-addon-incompatible'
  | 'npm-lockfile-out-of-sync'
  | 'npm-missing-script'
  | 'npm-no-matching-version'
  | 'npm-package-not-found'
  | 'npm-peer-conflict'
  // python.ts
  | 'asgi-app-not-found'
  | 'flask-app-not-found'
  | 'native-build-failed'
  | 'pip-externally-managed'
  | 'pip-no-matching-distribution'
  | 'poetry-no-candidates'
  | 'linker-not-found'
  | 'rust-toolchain-missing'
  | 'pip-resolution-impossible'
  | 'python-package-too-old-to-build'
  | 'python-missing-module'
  | 'python-syntax-error'
  | 'python-uncaught-exception'
  | 'python-version-unsupported'
  // compiled.ts
  | 'cargo-no-matching-version'
  | 'go-compile-error'
  | 'go-embed-missing'
  | 'rust-dependency-does-not-compile'
  | 'go-missing-module'
  | 'go-module-unavailable'
  | 'go-version-too-new'
  | 'java-release-unsupported'
  | 'maven-dependency-missing'
  | 'maven-enforcer-failed'
  | 'maven-frontend-step-failed'
  | 'rust-compile-error'
  | 'rust-version-too-new';

/**
 * An LLM's findings. The fixer agent chooses its own kebab-case code; parseLlmFinding
 * (llm/finding-schema.ts) prefixes it with `llm-` unless it already starts so, which is how
 * the faces tell a suggestion from a rule (e.g. `llm-missing-peer-dependency`). The detection
 * agent's suggestion is `llm-suggested-services`.
 */
export type LlmFindingCode = 'llm-suggested-services' | `llm-${string}`;

export type FindingCode = DetectFindingCode | PhaseFindingCode | DatabaseFindingCode | RunFindingCode | DebugFindingCode | SignatureFindingCode | LlmFindingCode;

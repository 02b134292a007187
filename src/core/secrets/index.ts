// Secrets, in one place: which names say secret (secret-names), masking values, URLs and text
// (mask), masking what a run reports (mask-event) and collecting a run's secret values
// (run-secrets).
export { isSecretName, looksSecretName } from './secret-names.js';
export { MASK, maskKnownSecrets, maskSecrets, maskUrl, maskValue } from './mask.js';
export { maskEvent, maskFinding } from './mask-event.js';
export { secretsOf, secretsOfEnv, secretsOfRun } from './run-secrets.js';

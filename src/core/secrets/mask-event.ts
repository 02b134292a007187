// Everything a run reports passes here before it reaches a log, the tree, a finding or the
// CLI: secret values of the run (generated keys, database passwords, secret-named settings) and
// passwords inside URLs are masked. Service output, which can be megabytes a second, gets the
// cheap pass (known values and URLs); messages get the full one (token shapes, assignments).
import type { Finding, RunEvent } from '../model.js';
import { maskKnownSecrets, maskSecrets } from './mask.js';

export function maskFinding(finding: Finding, secrets: readonly string[]): Finding {
  return { ...finding, message: maskSecrets(finding.message, secrets), excerpt: finding.excerpt.map((line) => maskSecrets(line, secrets)) };
}

export function maskEvent(event: RunEvent, secrets: readonly string[]): RunEvent {
  switch (event.type) {
    case 'output':
      return { ...event, line: maskKnownSecrets(event.line, secrets) };
    case 'log':
      return { ...event, message: maskSecrets(event.message, secrets) };
    case 'finding':
      return { ...event, finding: maskFinding(event.finding, secrets) };
    case 'service':
      return event.detail === undefined ? event : { ...event, detail: maskSecrets(event.detail, secrets) };
    case 'database':
      return event.database.detail === undefined ? event : { ...event, database: { ...event.database, detail: maskSecrets(event.database.detail, secrets) } };
    default:
      return event;
  }
}

// `repo-runner run`: live phase and service status for a person, or one JSON event per line.
import { supersedes, type Finding, type RunEvent } from '../core/index.js';
import { renderFinding } from './render-plan.js';
import { duration, style } from './style.js';

export interface RenderOptions {
  json: boolean;
  /** Print the services' own output. */
  showOutput: boolean;
  write: (line: string) => void;
}

export function createRunRenderer(options: RenderOptions): (event: RunEvent) => void {
  const { write } = options;
  if (options.json) {
    return (event) => {
      if (event.type === 'output' && !options.showOutput) return;
      write(JSON.stringify(event));
    };
  }
  const said: Finding[] = [];
  return (event) => {
    switch (event.type) {
      case 'phase': {
        if (event.status === 'pending') return;
        if (event.status === 'running') {
          if (event.phase === 'setup' || event.phase === 'health') write(style.dim(`… ${event.phase}`));
          return;
        }
        const mark = event.status === 'done' ? style.green('✓') : event.status === 'failed' ? style.red('✗') : style.dim('-');
        write(`${mark} ${event.phase.padEnd(12)} ${duration(event.durationMs).padStart(8)}  ${style.dim(event.detail ?? '')}`);
        return;
      }
      case 'service':
        if (event.status === 'healthy' && event.url === undefined && /^running/.test(event.detail ?? '')) write(`${style.green('●')} ${style.bold(event.service)} ${event.detail}`);
        else if (event.status === 'healthy') write(`${style.green('●')} ${style.bold(event.service)} healthy  ${style.cyan(event.url ?? '')}${event.detail ? `  ${style.dim(`(${event.detail})`)}` : ''}`);
        else if (event.status === 'completed') write(`${style.green('●')} ${style.bold(event.service)} finished (exit code 0)`);
        else if (event.status === 'crashed') write(`${style.red('●')} ${event.service} exited${event.exitCode !== undefined && event.exitCode !== null ? ` with code ${event.exitCode}` : ''}`);
        else if (event.status === 'unhealthy') write(`${style.yellow('●')} ${event.service} unhealthy${event.detail ? `: ${event.detail}` : ''}`);
        return;
      case 'database': {
        const db = event.database;
        if (db.status === 'starting' && db.reason) write(style.dim(`  ${db.name}: ${db.reason}`));
        else if (db.status === 'healthy') write(`${style.green('●')} ${style.bold(db.name)} ${db.engine} ready  ${style.cyan(db.url ?? '')}${db.source === 'configured' || db.source === 'file' ? `  ${style.dim(db.reason ?? '')}` : ''}`);
        return;
      }
      case 'env': {
        const set = event.variables.filter((v) => (v.origin === 'database' || v.origin === 'generated') && v.value !== '');
        if (set.length > 0) write(style.dim(`  ${event.service}: ${event.file} has ${set.map((v) => v.name).join(', ')}`));
        return;
      }
      case 'finding': {
        // One cause, one entry: a warning that became an error is said as the same entry, grown graver.
        const earlier = said.find((f) => supersedes(event.finding, f));
        if (earlier) write(style.dim(`  the ${earlier.severity} above (${earlier.code}) led to this:`));
        said.push(event.finding);
        write(renderFinding(event.finding));
        return;
      }
      case 'output':
        if (options.showOutput && event.source === 'service') write(`${style.dim(`${event.service} │`)} ${event.line}`);
        return;
      case 'log':
        write(event.level === 'info' ? style.dim(`  ${event.message}`) : `${event.level === 'warn' ? style.yellow('!') : style.red('✗')} ${event.message}`);
        return;
      case 'run':
        if (event.status === 'healthy') write(style.green(/job/.test(event.detail ?? '') ? `Done: ${event.detail}.` : `All services healthy (${event.detail}).`));
        else if (event.status === 'stopped') write(style.dim('Stopped every process.'));
        else if (event.status === 'failed') write(style.red(`Run failed: ${event.detail ?? ''}`));
        else if (event.status === 'nothing-to-run') write(style.yellow(`${capitalise(event.detail ?? 'nothing to run here')}.`));
        return;
      case 'plan':
        return;
    }
  };
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

// Mocha entry point loaded by VS Code's extension test host.
import Mocha from 'mocha';
import { registerSuite } from './extension.test.js';

export function run(): Promise<void> {
  const mocha = new Mocha({ ui: 'tdd', timeout: 180_000, color: true });
  mocha.suite.emit('pre-require', globalThis, 'extension.test', mocha);
  registerSuite();
  return new Promise((resolve, reject) => mocha.run((failures) => (failures ? reject(new Error(`${failures} tests failed`)) : resolve())));
}

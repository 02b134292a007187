// Database settings in a JavaScript or TypeScript config module (`config.js`, `config.ts`,
// `ormconfig.js`, `knexfile.js` made from an example): the first object literal named for a
// database (`db: {`, `database: {`, `connection: {`) or exported whole with a driver
// (`module.exports = { type: 'postgres', host: … }`), read line by line. A value that is not a
// literal (`process.env.DB_HOST || 'localhost'`) reads the environment and is left to it.
import type { ConnectionField } from '../database/wiring.js';
import type { ConfigDatabase } from './config-database.js';

const BLOCK = /^\s*(?:['"]?(database|db|postgres|postgresql|mysql|sql|datasource|typeorm|sequelize|knex|connection|pg)['"]?\s*:|(?:module\.exports|export\s+default|exports\.\w+)\s*=?)\s*\{\s*$/i;
const KEY = /^\s*['"]?(host|hostname|port|user|username|password|database|name|dbname|url|connectionString|type|client|dialect)['"]?\s*:\s*(.+?)\s*,?\s*(\/\/.*)?$/;
const FIELDS: Record<string, ConnectionField> = {
  host: 'host', hostname: 'host', port: 'port', user: 'user', username: 'user', password: 'password', database: 'database', name: 'database', dbname: 'database',
  url: 'url', connectionstring: 'url',
};

export function scriptSettings(text: string, engineWord: (word: string) => ConfigDatabase['engine']): ConfigDatabase | undefined {
  const lines = text.split(/\r?\n/);
  for (let start = 0; start < lines.length; start++) {
    const open = BLOCK.exec(lines[start]);
    if (!open) continue;
    const fields: ConfigDatabase['fields'] = {};
    let engine: ConfigDatabase['engine'];
    let depth = 0;
    for (let i = start; i < lines.length; i++) {
      const line = lines[i];
      // Only the block's own keys, not those of objects nested in it.
      const match = depth === 1 ? KEY.exec(line) : null;
      if (match) {
        const key = match[1].toLowerCase();
        const literal = /^(['"`])([^'"`]*)\1$/.exec(match[2])?.[2] ?? (/^\d+$/.test(match[2]) ? match[2] : undefined);
        if (key === 'type' || key === 'client' || key === 'dialect') engine ??= literal ? engineWord(literal) : undefined;
        else if (!fields[FIELDS[key]]) fields[FIELDS[key]] = { path: [open[1] ?? 'exports', match[1]], value: literal ?? `env(${match[2]})`, line: i + 1 };
      }
      depth += (line.match(/\{/g) ?? []).length - (line.match(/\}/g) ?? []).length;
      if (depth <= 0) break;
    }
    // A whole exported object counts only with a driver named; a named block by its name.
    if ((fields.host || fields.url) && (open[1] !== undefined || engine !== undefined)) return { engine, fields };
  }
  return undefined;
}

/** A line with the literal value of `key` replaced (a number stays a number). */
export function replaceValue(line: string, key: string, value: string): string {
  const esc = key.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const pattern = new RegExp(`(['"]?${esc}['"]?\\s*:\\s*)(?:(['"\`])[^'"\`]*\\2|\\d+)`);
  const numeric = new RegExp(`['"]?${esc}['"]?\\s*:\\s*\\d+`).test(line) && /^\d+$/.test(value);
  const quote = /:\s*"/.test(line) ? '"' : "'";
  return line.replace(pattern, (_whole, prefix: string) => `${prefix}${numeric ? value : `${quote}${value.replace(/\\/g, '\\\\').replace(new RegExp(quote, 'g'), `\\${quote}`)}${quote}`}`);
}

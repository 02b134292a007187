// Whether the app's settings turn seeding off: example files often carry a switch such as
// `SEED_DB=false`, `RUN_SEEDS=0` or `SKIP_SEED=true`. A seed Repo Runner would run is skipped
// when the environment the app gets (the user's, its .env, the example defaults) says so.

const ON_SWITCH = /^(?:(?:RUN|DB|DATABASE|AUTO|ENABLE|SHOULD|DO)_)?SEED(?:S|ING|ER)?(?:_(?:DB|DATABASE|DATA|ON_START|ON_STARTUP|ON_BOOT|ENABLED))?$/;
const OFF_SWITCH = /^(?:SKIP|NO|DISABLE|DONT)_(?:DB_|DATABASE_)?SEED(?:S|ING|ER)?$/;
const FALSY = /^(false|0|no|off|n|disabled?|none)$/i;
const TRUTHY = /^(true|1|yes|on|y|enabled?)$/i;

/** The setting that turns seeding off, if one does: its name and value. */
export function seedingOff(env: Readonly<Record<string, string | undefined>>): { name: string; value: string } | undefined {
  for (const [name, value] of Object.entries(env)) {
    if (value === undefined) continue;
    const upper = name.toUpperCase();
    if ((ON_SWITCH.test(upper) && FALSY.test(value.trim())) || (OFF_SWITCH.test(upper) && TRUTHY.test(value.trim()))) return { name, value };
  }
  return undefined;
}

// The address services are told to listen on, validated in one place for every face: the CLI's
// --bind, the editor's repoRunner.bindAddress setting, and the engine, which is given the option.
// This is the only module that spells the loopback address out; everything else imports LOOPBACK.

/** The IPv4 loopback address: the default, reachable from this machine only. */
export const LOOPBACK = '127.0.0.1';

/** Every IPv4 interface: services are reachable from the network. */
export const ALL_INTERFACES = '0.0.0.0';

/** The addresses a user may have services bind to: loopback (the default) or every interface. */
export const BIND_ADDRESSES = [LOOPBACK, ALL_INTERFACES] as const;

/** The address `text` names, when it is one of BIND_ADDRESSES (`localhost` is loopback). */
export function parseBindAddress(text: string): string | undefined {
  const value = text.trim() === 'localhost' ? LOOPBACK : text.trim();
  return (BIND_ADDRESSES as readonly string[]).includes(value) ? value : undefined;
}

/**
 * The address a run binds services to, from the option it was given (loopback when the option
 * is not one of BIND_ADDRESSES), and the warnings the run logs about it.
 */
export function resolveBindAddress(option: string): { address: string; warnings: string[] } {
  const parsed = parseBindAddress(option);
  const address = parsed ?? LOOPBACK;
  const warnings: string[] = [];
  if (parsed === undefined) warnings.push(`bind address "${option}" is not one of ${BIND_ADDRESSES.join(', ')}: services listen on ${LOOPBACK}`);
  if (address !== LOOPBACK) warnings.push(`services are told to listen on ${address} (every network interface), as the settings ask: other machines on the network can reach them`);
  return { address, warnings };
}

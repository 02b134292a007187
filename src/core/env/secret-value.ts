// A local secret in the form its framework accepts. Most take any long random string (64 hex
// characters); Laravel's APP_KEY is an encryption key that must be 32 bytes, written
// `base64:<32 bytes in base64>` (what `php artisan key:generate` writes): 64 hex characters
// would be "Unsupported cipher or incorrect key length".

/** `hex`: 32 random bytes as 64 hex characters (Host.randomToken(32)). */
export function secretValue(name: string, example: string | undefined, kind: string, hex: string): string {
  const laravelKey = (name === 'APP_KEY' && kind === 'php') || example?.startsWith('base64:');
  if (!laravelKey) return hex;
  const bytes = hex.slice(0, 64).match(/../g)!.map((pair) => String.fromCharCode(parseInt(pair, 16))).join('');
  return `base64:${btoa(bytes)}`;
}

// What counts as a secret by its name: the strict rule for environment variables (what the plan
// marks secret and what a UI masks) and the looser one for any variable, key or flag name seen in
// text (what the full masking pass hides).

const SECRET_NAME = /(SECRET|TOKEN|PASSWORD|PASSWD|PRIVATE|API_?KEY|ACCESS_?KEY|CREDENTIAL|_KEY$|^KEY$)/i;

/** Whether an environment variable's name says its value is secret (JWT_SECRET, DB_PASSWORD, STRIPE_API_KEY). */
export function isSecretName(name: string): boolean {
  return SECRET_NAME.test(name);
}

const SECRET_PART = /^(key|apikey|api_key|secret|secrets|token|tokens|password|passwd|passphrase|pwd|pass|private|privatekey|credential|credentials|auth|authtoken|authorization|cookie|signature|salt)$/;
const SECRET_INSIDE = /(secret|token|password|passwd|credential|private|apikey|accesskey)/;

/** Whether a variable, key or flag name says its value is secret (DB_PASSWORD, apiKey, "auth-token"). */
export function looksSecretName(name: string): boolean {
  // An exception's class is no key: `KeyError: 'DATABASE_ENGINE'` names what is missing, `TokenExpiredError: jwt expired` what failed.
  if (/[a-z](?:Error|Exception|Warning)$/.test(name)) return false;
  if (isSecretName(name)) return true;
  const parts = name.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toLowerCase().split(/[_.-]+/).filter(Boolean);
  return parts.some((p) => SECRET_PART.test(p) || SECRET_INSIDE.test(p) || /^auth(?!or)/.test(p));
}

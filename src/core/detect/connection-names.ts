// How apps name the pieces of one database connection: a place (DB_HOST, SPRING_DATASOURCE_URL)
// and, with the same prefix, its credentials and name (DB_USER, DB_PASSWORD, DB_NAME).

/** The endings of a variable that says where the database is. */
const PLACE = /^(.*)_(?:URL|URI|HOST|HOSTNAME|SERVER|ADDR|ADDRESS|DSN)$/;
/** The endings of a variable that says who connects, to which database. */
const CREDENTIAL = /^(.*)_(USER|USERNAME|PASSWORD|PASS|NAME|DATABASE|DB)$/;

/** `DB` for DB_HOST, `SPRING_DATASOURCE` for SPRING_DATASOURCE_URL; undefined for other names. */
export function placePrefix(name: string): string | undefined {
  return PLACE.exec(name)?.[1];
}

/** The prefix and the part (USER, PASSWORD, NAME…) of a credential variable; undefined for other names. */
export function credentialParts(name: string): { prefix: string; part: string } | undefined {
  const match = CREDENTIAL.exec(name);
  return match ? { prefix: match[1], part: match[2] } : undefined;
}

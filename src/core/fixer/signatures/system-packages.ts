// What a failed native build is missing, and the Debian packages that provide it: the evidence
// a compiler or a build script prints, mapped to `apt-get install` arguments.
import type { Fix } from '../../model.js';
import { command } from '../signature.js';

interface NativeNeed {
  evidence: RegExp;
  missing: string;
  packages: string[];
}

const NEEDS: readonly NativeNeed[] = [
  { evidence: /mysqlclient|mysql_config not found|pkg-config name[^\n]*mysql|mariadb\.pc|mysqlclient\.pc/i, missing: 'the MySQL client library headers are not installed', packages: ['pkg-config', 'default-libmysqlclient-dev', 'build-essential'] },
  { evidence: /pg_config executable not found|libpq-fe\.h/, missing: 'the PostgreSQL client library headers (pg_config) are not installed', packages: ['libpq-dev', 'build-essential'] },
  { evidence: /Python\.h: No such file/, missing: 'the Python headers are not installed', packages: ['python3-dev', 'build-essential'] },
  { evidence: /ffi\.h: No such file/, missing: 'libffi headers are not installed', packages: ['libffi-dev'] },
  { evidence: /openssl\/\w+\.h: No such file|Could not find OpenSSL|openssl-sys/, missing: 'the OpenSSL headers are not installed', packages: ['libssl-dev', 'pkg-config'] },
  { evidence: /libxml\/\w+\.h|xslt-config|libxslt/, missing: 'the libxml2/libxslt headers are not installed', packages: ['libxml2-dev', 'libxslt1-dev'] },
  { evidence: /jpeglib\.h|The headers or library files could not be found for jpeg/, missing: 'the JPEG library headers are not installed', packages: ['libjpeg-dev', 'zlib1g-dev'] },
  { evidence: /(?:lber|ldap)\.h: No such file|sasl\/sasl\.h: No such file/, missing: 'the OpenLDAP and SASL headers are not installed', packages: ['libldap2-dev', 'libsasl2-dev'] },
  { evidence: /krb5-config|gssapi\/gssapi\.h: No such file|krb5\.h: No such file/, missing: 'the Kerberos headers are not installed', packages: ['libkrb5-dev'] },
  { evidence: /ft2build\.h: No such file/, missing: 'the FreeType headers are not installed', packages: ['libfreetype6-dev'] },
  { evidence: /zlib\.h: No such file|The headers or library files could not be found for zlib/, missing: 'the zlib headers are not installed', packages: ['zlib1g-dev'] },
  { evidence: /gdal-config|gdal\.h: No such file/, missing: 'the GDAL headers are not installed', packages: ['libgdal-dev'] },
  { evidence: /geos_c\.h: No such file|geos-config/, missing: 'the GEOS headers are not installed', packages: ['libgeos-dev'] },
  { evidence: /cairo\.h: No such file|Package cairo was not found/, missing: 'the cairo headers are not installed', packages: ['libcairo2-dev', 'pkg-config'] },
  { evidence: /Can not find valid pkg-config name|pkg-config: (?:command )?not found|No package '[\w.-]+' found/, missing: 'pkg-config is not installed', packages: ['pkg-config'] },
  { evidence: /gcc: (?:command )?not found|command '[\w-]*gcc' failed: No such file|not found: make|make: (?:command )?not found|unable to execute '[\w-]*gcc'/, missing: 'no C compiler or make is installed', packages: ['build-essential'] },
];

/** The first need the output shows, with the command that installs it (root: apt-get; else sudo). */
export function nativeBuildFixes(output: string, cwd: string, root = true): { missing: string; packages: string[]; fixes: Fix[] } {
  const need = NEEDS.find((n) => n.evidence.test(output));
  if (!need) return { missing: 'the build failed', packages: [], fixes: [] };
  const argv = [...(root ? [] : ['sudo']), 'apt-get', 'install', '-y', ...need.packages];
  return { missing: need.missing, packages: need.packages, fixes: [command(`Install ${need.packages.join(', ')} (${argv.join(' ')})`, argv, cwd)] };
}

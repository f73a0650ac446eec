/**
 * What "looks secret" means, shared by the secrets rules (SEC1, SEC2, SEC3, SEC4)
 * and by the hardened constructs that refuse literal secrets.
 *
 * Two matchers:
 * - `looksSecretName`: a name (environment variable, parameter, path) whose words
 *   say it holds a secret (CHECKLIST.md "Secret-looking names");
 * - `findCredentials`: text that contains a credential in a well-known format
 *   (AWS access key, PEM private key, GitHub/Slack/Stripe token, JWT, URL with a password).
 */

/** Words that make a name look secret (lower case, as split from the name). */
const SECRET_WORDS = new Set([
  'password',
  'passwords',
  'passwd',
  'pwd',
  'passphrase',
  'secret',
  'secrets',
  'token',
  'tokens',
  'credential',
  'credentials',
  'apikey',
  'apikeys',
  'privatekey',
  'accesskey',
]);

/** Two-word forms (`API_KEY`, `PrivateKey`, `access-key`): the first word, then the second. */
const SECRET_PAIRS: ReadonlyArray<readonly [string, string]> = [
  ['api', 'key'],
  ['api', 'keys'],
  ['private', 'key'],
  ['private', 'keys'],
  ['access', 'key'],
  ['access', 'keys'],
];

/**
 * A name ending in one of these words refers to a secret (its ARN, its parameter
 * name, where to find it) rather than holding it.
 */
const REFERENCE_SUFFIXES = new Set([
  'arn',
  'arns',
  'name',
  'names',
  'param',
  'params',
  'parameter',
  'parameters',
  'id',
  'ids',
  'path',
  'paths',
  'endpoint',
  'endpoints',
  'region',
]);

/**
 * Splits a name into lower-case words on the boundaries of snake_case,
 * kebab-case, paths (`/app/db/password`), dotted names and CamelCase
 * (`DbPassword`, `APIKey`, `dbPasswordARN`).
 */
export function nameWords(name: string): string[] {
  return name
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .replace(/([A-Za-z])([0-9])/g, '$1 $2')
    .replace(/([0-9])([A-Za-z])/g, '$1 $2')
    .split(/[^A-Za-z0-9]+/)
    .filter((w) => w.length > 0)
    .map((w) => w.toLowerCase());
}

/** The secret word a list of words contains (`password`, `api key`), if any. */
function secretWordIn(words: readonly string[]): string | undefined {
  for (let i = 0; i < words.length; i++) {
    if (SECRET_WORDS.has(words[i])) return words[i];
    for (const [a, b] of SECRET_PAIRS) {
      if (words[i] === a && words[i + 1] === b) return `${a} ${b}`;
    }
  }
  return undefined;
}

/**
 * True when a name looks like it holds a secret: one of its words is `PASSWORD`,
 * `PASSWD`, `PWD`, `SECRET`, `TOKEN`, `API_KEY`/`APIKEY`, `PRIVATE_KEY`,
 * `CREDENTIAL`, `ACCESS_KEY` (or a plural, or `PASSPHRASE`), and it does not end in
 * a reference suffix (`_ARN`, `_NAME`, `_PARAM`, `_PARAMETER`, `_ID`, `_PATH`,
 * `_ENDPOINT`, `_REGION`, or the same words in CamelCase), which would make it a
 * name that only refers to a secret.
 *
 * @example looksSecretName('DB_PASSWORD') // true
 * @example looksSecretName('dbPasswordArn') // false
 * @example looksSecretName('/app/db/password') // true
 */
export function looksSecretName(name: string): boolean {
  return secretWordOf(name) !== undefined;
}

/** The secret word that makes `name` look secret (`password`, `api key`), or undefined. */
export function secretWordOf(name: string): string | undefined {
  const words = nameWords(name);
  if (words.length === 0) return undefined;
  if (REFERENCE_SUFFIXES.has(words[words.length - 1])) return undefined;
  return secretWordIn(words);
}

/** A well-known credential format. */
export interface CredentialPattern {
  /** A stable identifier, used in finding details (`Credential::AwsAccessKey`). */
  readonly id: string;
  /** What it is, for messages ("an AWS access key ID"). */
  readonly description: string;
  readonly regex: RegExp;
  /** Rejects a match that is a placeholder rather than a credential. */
  readonly accept?: (match: RegExpExecArray) => boolean;
}

/** A placeholder where a password would be: a hole, `${Var}`, `$(cmd)`, `$VAR`, `{{resolve:...}}`, `<password>`, `%s`, `****`. */
function isPlaceholder(s: string): boolean {
  return /[⟦⟪]|\$\{|\$\(|\{\{|%[sd(]/.test(s) || /^<[^>]*>$|^[*xX.]+$|^\$[A-Za-z_][A-Za-z0-9_]*$/.test(s);
}

/** The credential formats SEC1 and SEC3 look for. */
export const CREDENTIAL_PATTERNS: readonly CredentialPattern[] = [
  {
    id: 'AwsAccessKey',
    description: 'an AWS access key ID',
    regex: /(?<![A-Za-z0-9])(?:AKIA|ASIA)[A-Z0-9]{16}(?![A-Za-z0-9])/,
  },
  {
    id: 'PrivateKey',
    description: 'a PEM private key',
    regex: /-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY(?: BLOCK)?-----/,
  },
  {
    id: 'GitHubToken',
    description: 'a GitHub token',
    regex: /(?<![A-Za-z0-9_])(?:gh[pousr]_[A-Za-z0-9]{36,255}|github_pat_[A-Za-z0-9_]{22,255})(?![A-Za-z0-9_])/,
  },
  {
    id: 'SlackToken',
    description: 'a Slack token or webhook URL',
    regex: /(?<![A-Za-z0-9])xox[abposre]-[A-Za-z0-9-]{10,}|https:\/\/hooks\.slack\.com\/services\/T[A-Za-z0-9]+\/B[A-Za-z0-9]+\/[A-Za-z0-9]{8,}/,
  },
  {
    id: 'StripeKey',
    description: 'a Stripe secret or restricted key',
    regex: /(?<![A-Za-z0-9])(?:sk|rk)_(?:live|test)_[A-Za-z0-9]{16,}/,
  },
  {
    id: 'Jwt',
    description: 'a JSON Web Token',
    regex: /(?<![A-Za-z0-9_-])eyJ[A-Za-z0-9_-]{10,}\.eyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}/,
  },
  {
    id: 'UrlPassword',
    description: 'a URL with an embedded password',
    regex: /\b[A-Za-z][A-Za-z0-9+.-]*:\/\/[^\s/:@]+:([^\s/@]+)@(?=[^\s/@])/,
    accept: (m) => !isPlaceholder(m[1]),
  },
];

/** A credential found in text. */
export interface CredentialMatch {
  readonly pattern: CredentialPattern;
  /** The matched text with all but its first few characters masked, for messages. */
  readonly masked: string;
}

/** Masks a secret for a message: enough to find it, not enough to use it. */
export function maskSecret(s: string): string {
  const keep = Math.min(4, Math.floor(s.length / 4));
  return `${s.slice(0, keep)}…`;
}

/**
 * The credentials of well-known formats that `text` contains (one match per
 * format). Holes (`⟦…⟧`, `⟪…⟫`) are not text: a credential is never matched
 * across one.
 */
export function findCredentials(text: string): CredentialMatch[] {
  // Nearly every string of a template holds none of the formats' markers: one cheap
  // test rules them out before the patterns run.
  if (!CREDENTIAL_MARKERS.test(text)) return [];
  const out: CredentialMatch[] = [];
  for (const [pattern, re] of GLOBAL_PATTERNS) {
    re.lastIndex = 0;
    let m: RegExpExecArray | null;
    while ((m = re.exec(text)) !== null) {
      if (!pattern.accept || pattern.accept(m)) {
        out.push({ pattern, masked: maskMatch(pattern, m[0]) });
        break;
      }
      if (m[0].length === 0) re.lastIndex++;
    }
  }
  return out;
}

/** Every format's marker: a string without one cannot match any pattern (kept in step with CREDENTIAL_PATTERNS by a test). */
export const CREDENTIAL_MARKERS = /AKIA|ASIA|-----BEGIN|gh[pousr]_|github_pat_|xox[abposre]-|hooks\.slack\.com|[sr]k_(?:live|test)_|eyJ|:\/\//;

/** The patterns compiled once, global, for scanning. */
const GLOBAL_PATTERNS: ReadonlyArray<[CredentialPattern, RegExp]> = CREDENTIAL_PATTERNS.map((p) => [
  p,
  new RegExp(p.regex.source, p.regex.flags.includes('g') ? p.regex.flags : `${p.regex.flags}g`),
]);

function maskMatch(pattern: CredentialPattern, s: string): string {
  if (pattern.id === 'PrivateKey') return s;
  if (pattern.id === 'UrlPassword') return s.replace(/(\/\/[^\s/:@]+:)[^\s/@]+@/, '$1****@');
  return maskSecret(s);
}

/** True when `text` contains a credential of a well-known format. */
export function containsCredential(text: string): boolean {
  return findCredentials(text).length > 0;
}

/**
 * True when a (resolved) value names where a secret lives rather than holding it:
 * a dynamic reference (`{{resolve:secretsmanager:…}}`, `{{resolve:ssm-secure:…}}`,
 * `{{resolve:ssm:…}}`), the ARN of an SSM parameter or a Secrets Manager secret, or
 * a hierarchical SSM parameter name (`/app/db/password`).
 */
export function isSecretReference(value: string): boolean {
  if (value.includes('{{resolve:')) return true;
  if (/^arn:[^:\s]*:(?:ssm|secretsmanager):[^:\s]*:[^:\s]*:(?:parameter\/|secret:)\S+$/.test(value)) return true;
  return /^\/[^\s/]\S*$/.test(value);
}

/*
 * What a literal credential looks like, wherever it is written: a token format a provider
 * publishes, a URL with a password in it, a `password = ...` line in a config file, a
 * `--token <value>` argument. The policy rule HYG-LITERAL-CREDENTIAL, the environment file
 * checks and every message we print use these, so a credential is found the same way
 * everywhere and never echoed back.
 */

interface CredentialFormat {
  readonly pattern: RegExp;
  readonly what: string;
}

/**
 * Token formats that providers document as recognisable.
 * @see https://docs.github.com/en/authentication/keeping-your-account-and-data-secure/about-authentication-to-github#githubs-token-formats
 * @see https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_identifiers.html#identifiers-unique-ids
 * @see https://cloud.google.com/docs/authentication/api-keys
 */
const FORMATS: readonly CredentialFormat[] = [
  { pattern: /\b(?:ghp|gho|ghu|ghs|ghr)_[A-Za-z0-9]{20,}/g, what: 'a GitHub token' },
  { pattern: /\bgithub_pat_[A-Za-z0-9_]{20,}/g, what: 'a GitHub fine-grained token' },
  { pattern: /\bpul-[a-f0-9]{20,}/g, what: 'a Pulumi access token' },
  { pattern: /\bxox[abposr]-[A-Za-z0-9-]{10,}/g, what: 'a Slack token' },
  { pattern: /\b(?:AKIA|ASIA|ABIA|ACCA)[0-9A-Z]{16}\b/g, what: 'an AWS access key id' },
  { pattern: /\bsk-(?:[a-z]+-)?[A-Za-z0-9_-]{20,}/g, what: 'an OpenAI-style secret key (sk-...)' },
  { pattern: /\bAIza[0-9A-Za-z_-]{35}/g, what: 'a Google API key' },
  { pattern: /-----BEGIN (?:[A-Z]+ )*PRIVATE KEY-----/g, what: 'a PEM private key' },
];

/**
 * `scheme://user:password@host`: the password group must be a literal, not a reference the
 * kubelet or a shell expands (`$(DB_PASSWORD)`, `${DB_PASSWORD}`) or a placeholder (`<password>`).
 */
const URL_PASSWORD = /\b[a-z][a-z0-9+.-]*:\/\/[^\s/:@'"]*:(?![$%<{])([^\s/@'"]+)@/gi;

/** Names of settings that hold a secret: the name must end with the word (`client_secret`, not `secretName`). */
const SECRET_SETTING = String.raw`[A-Za-z0-9_.-]*?(?:password|passwd|passphrase|secret|token|api[_-]?key|access[_-]?key|private[_-]?key)`;

/** `password = hunter2`, `"client_secret": "abc"`, `token: abc` at the start of a line of a config file. */
const ASSIGNMENT = new RegExp(String.raw`^([ \t]*["']?${SECRET_SETTING}["']?[ \t]*[:=][ \t]*["']?)([^\s"'#,]+)`, 'gimu');

/** `--password x`, `--api-key=x`, `-token x` on a command line. */
const SECRET_FLAG = new RegExp(String.raw`^--?${SECRET_SETTING}$`, 'i');
const SECRET_FLAG_WITH_VALUE = new RegExp(String.raw`^(--?${SECRET_SETTING}=)(.+)$`, 'i');

/**
 * A text none of the patterns above can match lacks every one of these (each pattern needs one
 * of them, case aside): one scan instead of a dozen, and nearly every value and message is such a
 * text. Unicode case folding (`u`), as ASSIGNMENT's: there `ſ` matches `s` and the Kelvin sign `k`.
 */
const MAYBE_CREDENTIAL = /gh[pousr]_|github_pat_|pul-|xox|A[KSBC][IC]A|sk-|AIza|PRIVATE KEY|:\/\/|pass|secret|token|api[_-]?key|access[_-]?key|private[_-]?key/iu;

/** A value that names where a secret is, rather than being one. */
function isReference(value: string): boolean {
  return /^(?:[$%<{[(]|\/|~$|null$|none$|true$|false$|""$|''$)/i.test(value) || /^(?:env|file|secret|vault|ref):/i.test(value);
}

/** What kind of credential a string holds in a known format or a URL, if any. */
export function credentialIn(value: unknown): string | undefined {
  if (typeof value !== 'string' || value.length < 8 || !MAYBE_CREDENTIAL.test(value)) return undefined;
  const format = FORMATS.find((f) => matches(f.pattern, value));
  if (format) return format.what;
  if (matches(URL_PASSWORD, value)) return 'a URL with a password in it';
  return undefined;
}

/** Like credentialIn, and also `password = ...` lines: for the text of config files and ConfigMap values. */
export function credentialInConfigText(value: unknown): string | undefined {
  if (typeof value !== 'string' || !MAYBE_CREDENTIAL.test(value)) return undefined;
  const found = credentialIn(value);
  if (found) return found;
  for (const match of value.matchAll(ASSIGNMENT)) {
    if (!isReference(match[2])) return `a literal value for "${match[1].trim().replace(/[\s"':=]+$/, '').replace(/^["']/, '')}"`;
  }
  return undefined;
}

/**
 * A credential in a command line: a known format in any word, or a literal after a flag
 * whose name says it holds one (`--token ghp_...`, `--password=x`).
 * @returns the index of the word and what it holds, if any
 */
export function credentialInArgs(words: readonly unknown[]): { index: number; what: string } | undefined {
  for (let i = 0; i < words.length; i++) {
    const word = words[i];
    if (typeof word !== 'string') continue;
    const what = credentialIn(word);
    if (what) return { index: i, what };
    const inline = word.match(SECRET_FLAG_WITH_VALUE);
    if (inline && !isReference(inline[2])) return { index: i, what: `a literal value for ${inline[1].slice(0, -1)}` };
    const next = words[i + 1];
    if (SECRET_FLAG.test(word) && typeof next === 'string' && !next.startsWith('-') && !isReference(next)) {
      return { index: i + 1, what: credentialIn(next) ?? `a literal value for ${word}` };
    }
  }
  return undefined;
}

/** The text with every credential we recognise replaced by a placeholder naming its kind. */
export function redactCredentials(text: string): string {
  if (!MAYBE_CREDENTIAL.test(text)) return text;
  let out = text;
  for (const f of FORMATS) out = out.replace(f.pattern, `<redacted: ${f.what}>`);
  out = out.replace(URL_PASSWORD, (whole, password: string) => whole.replace(`:${password}@`, ':<redacted>@'));
  return out.replace(ASSIGNMENT, (whole, before: string, value: string) => (isReference(value) ? whole : `${before}<redacted>`));
}

/** At most this many characters of a value are quoted in a message. */
export const EXCERPT_LENGTH = 60;

/**
 * A value as a message may quote it: JSON-quoted, credentials redacted, and cut to a short
 * excerpt, so a message never carries a file's contents.
 */
export function excerpt(value: string, max = EXCERPT_LENGTH): string {
  const safe = redactCredentials(value);
  const chars = [...safe];
  const cut = chars.length > max ? `${chars.slice(0, max).join('')}…` : safe;
  const quoted = JSON.stringify(cut);
  return chars.length > max ? `${quoted} (${chars.length} characters)` : quoted;
}

function matches(pattern: RegExp, value: string): boolean {
  pattern.lastIndex = 0;
  const found = pattern.test(value);
  pattern.lastIndex = 0;
  return found;
}

import { credentialIn, credentialInArgs, credentialInConfigText, excerpt, redactCredentials } from '../../src/policy/credentials';
import { AWS, GITHUB, GOOGLE, OPENAI, PASSWORD } from '../support/fake-credentials';

/*
 * What a literal credential looks like. The scenarios (environment files, check on anyone's
 * manifests) are in test/config/load.test.ts and test/cli/check.test.ts.
 */

describe('what counts as a credential', () => {
  test.each([
    [GITHUB, 'a GitHub token'],
    [AWS, 'an AWS access key id'],
    [`Bearer ${OPENAI}`, 'an OpenAI-style secret key (sk-...)'],
    [`key=${GOOGLE}`, 'a Google API key'],
    [`postgres://admin:${PASSWORD}@db:5432/app`, 'a URL with a password in it'],
    [`redis://:${PASSWORD}@cache:6379`, 'a URL with a password in it'],
  ])('%s is %s', (value, what) => expect(credentialIn(value)).toBe(what));

  test.each([
    'postgres://admin:$(DB_PASSWORD)@db:5432/app', 'postgres://admin:${DB_PASSWORD}@db/app', 'https://user@example.com/x',
    'https://api.github.com', 'sk-learn', '/var/run/secrets/token', 'tokenFile: /var/run/secrets/token',
  ])('%s is not', (value) => {
    expect(credentialIn(value)).toBeUndefined();
    expect(credentialInConfigText(value)).toBeUndefined();
  });

  test('config text: password = ... lines with a literal, not references or empty values', () => {
    expect(credentialInConfigText(`[db]\nhost = "db"\npassword = "${PASSWORD}"\n`)).toBe('a literal value for "password"');
    expect(credentialInConfigText(`auth:\n  client_secret: ${PASSWORD}\n`)).toBe('a literal value for "client_secret"');
    expect(credentialInConfigText('password = "${DB_PASSWORD}"\npassword_file = "/run/secrets/db"\ntoken: ""\nsecretName: mcp-grafana\nmax_tokens: 100\n')).toBeUndefined();
  });

  test('command lines: known formats anywhere, literals after a flag named for a secret', () => {
    expect(credentialInArgs(['--read-only', '--token', GITHUB])).toEqual({ index: 2, what: 'a GitHub token' });
    expect(credentialInArgs(['--password', PASSWORD])).toEqual({ index: 1, what: 'a literal value for --password' });
    expect(credentialInArgs([`--api-key=${PASSWORD}`])).toEqual({ index: 0, what: 'a literal value for --api-key' });
    expect(credentialInArgs(['--token', '$(GITHUB_TOKEN)', '--token-file', '/run/x', '--password', '--verbose'])).toBeUndefined();
  });

  test('redaction and excerpts never carry the credential or a whole file', () => {
    expect(redactCredentials(`a ${GITHUB} b postgres://u:${PASSWORD}@h\npassword = ${PASSWORD}`)).toBe('a <redacted: a GitHub token> b postgres://u:<redacted>@h\npassword = <redacted>');
    expect(excerpt('x'.repeat(1000))).toBe(`"${'x'.repeat(60)}…" (1000 characters)`);
  });

  // redactCredentials skips texts that lack every pattern's marker: each kind is still found.
  test.each([
    [GITHUB, '<redacted: a GitHub token>'],
    [`github_pat_${'a1B2c3D4e5'.repeat(3)}`, '<redacted: a GitHub fine-grained token>'],
    [`pul-${'0123456789abcdef'.repeat(3)}`, '<redacted: a Pulumi access token>'],
    [`xoxb-${'1234567890'.repeat(2)}`, '<redacted: a Slack token>'],
    [`ASIA${'IOSFODNN7EXAMPLE'}`, '<redacted: an AWS access key id>'],
    [`ACCA${'IOSFODNN7EXAMPLE'}`, '<redacted: an AWS access key id>'],
    [OPENAI, '<redacted: an OpenAI-style secret key (sk-...)>'],
    [GOOGLE, '<redacted: a Google API key>'],
    ['-----BEGIN EC PRIVATE KEY-----', '<redacted: a PEM private key>'],
    [`HTTPS://u:${PASSWORD}@h`, 'HTTPS://u:<redacted>@h'],
    [`PassPhrase: ${PASSWORD}`, 'PassPhrase: <redacted>'],
    [`Api-Key = ${PASSWORD}`, 'Api-Key = <redacted>'],
    [`ACCESS_KEY=${PASSWORD}`, 'ACCESS_KEY=<redacted>'],
    [`"Private-Key": "${PASSWORD}"`, '"Private-Key": "<redacted>"'],
    [`client_SECRET: ${PASSWORD}`, 'client_SECRET: <redacted>'],
    [`TOKEN: ${PASSWORD}`, 'TOKEN: <redacted>'],
    // Unicode case folding: ſ (long s) is s, the Kelvin sign is k.
    [`paſſword = ${PASSWORD}`, 'paſſword = <redacted>'],
    [`api_\u212Aey: ${PASSWORD}`, 'api_\u212Aey: <redacted>'],
  ])('%s is redacted in a message and found in a config text', (credential, redacted) => {
    expect(credentialInConfigText(credential)).toBeDefined();
    // Assignments count at the start of a line, as in a config file.
    expect(redactCredentials(`unknown field "x" near\n${credential}`)).toBe(`unknown field "x" near\n${redacted}`);
    expect(redactCredentials(credential)).toBe(redacted);
  });
});

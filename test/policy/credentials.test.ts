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
});

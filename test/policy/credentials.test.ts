import { spawnSync } from 'child_process';
import * as path from 'path';
import { loadEnvironmentText } from '../../src/config/load';
import { formatProblem } from '../../src/config/problems';
import { credentialIn, credentialInArgs, credentialInConfigText, excerpt, redactCredentials } from '../../src/policy/credentials';
import { ROOT, tempDir } from '../support/helpers';

/* Literal credentials are found wherever they are written, and never printed back. */

// Built at run time, so the repository holds no string a secret scanner would take for a real key.
const GITHUB = `ghp_${'a1B2c3D4e5'.repeat(4)}`;
const AWS = `AKIA${'IOSFODNN7EXAMPLE'}`;
const OPENAI = `sk-proj-${'Q1w2E3r4T5y6'.repeat(3)}`;
const GOOGLE = `AIza${'SyA1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6q'}`;
const PASSWORD = 'hunter2-but-longer';

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

describe('an environment file with a literal credential is a config error naming the field, without the value', () => {
  const base = 'namespace: mcp\nservers:\n  - name: demo\n    type: generic\n    image: ghcr.io/x/demo:1.0.0\n';
  test.each([
    ['in args', `    args: [--token, ${GITHUB}]\n`, 'servers[0].args[1]: expected no credential in the environment file, got a GitHub token'],
    ['a password in a URL', `    env: {DATABASE_URL: "postgres://admin:${PASSWORD}@db:5432/app"}\n`, 'servers[0].env.DATABASE_URL: expected no credential in the environment file, got a URL with a password in it'],
    ['an AWS access key id', `    env: {AWS_KEY_ID: ${AWS}}\n`, 'servers[0].env.AWS_KEY_ID: expected no credential in the environment file, got an AWS access key id'],
    ['an OpenAI key in the command', `    command: [server, "--openai=${OPENAI}"]\n`, 'servers[0].command[1]: expected no credential in the environment file, got an OpenAI-style secret key (sk-...)'],
    ['a Google API key in an annotation', `    annotations: {example.com/key: ${GOOGLE}}\n`, 'servers[0].annotations.example.com/key: expected no credential in the environment file, got a Google API key'],
    ['a password line in a configFile', `    configFiles:\n      /etc/app/app.toml: |\n        [db]\n        password = "${PASSWORD}"\n`, 'servers[0].configFiles./etc/app/app.toml: expected no credential in the environment file, got a literal value for "password"'],
    ['a token in the repository URL', `gitops: {repoURL: "https://x:${GITHUB}@github.com/acme/deploy.git"}\n`, 'gitops.repoURL: expected no credential in the environment file, got a GitHub token'],
  ])('%s', (_what, extra, message) => {
    const text = extra.startsWith('gitops') ? `${extra}${base}` : `${base}${extra}`;
    const result = loadEnvironmentText(text, 'environments/dev.yaml', 'dev');
    const printed = result.problems.map(formatProblem).join('\n');
    expect(printed).toContain(message);
    for (const secret of [GITHUB, AWS, OPENAI, GOOGLE, PASSWORD]) expect(printed).not.toContain(secret);
  });
});

test('check finds them in env values, args, ConfigMaps and annotations of anyone\'s manifests, and prints none', () => {
  const dir = tempDir({ 'app.yaml': [
    'apiVersion: apps/v1', 'kind: Deployment', `metadata: {name: app, namespace: mcp, annotations: {example.com/key: "${GOOGLE}"}}`,
    'spec:', '  selector: {matchLabels: {a: b}}', '  template:', `    metadata: {labels: {a: b}, annotations: {note: "aws ${AWS}"}}`, '    spec:', '      containers:',
    `        - {name: app, image: "x:1", args: [--token, "${GITHUB}"], env: [{name: DATABASE_URL, value: "postgres://admin:${PASSWORD}@db/app"}]}`,
    '---', 'apiVersion: v1', 'kind: ConfigMap', 'metadata: {name: settings, namespace: mcp}', 'data:', '  app.toml: |', `    password = "${PASSWORD}"`, '',
  ].join('\n') });
  const run = spawnSync(process.execPath, [path.join(ROOT, 'lib/src/cli/check.js'), '--only', 'HYG-LITERAL-CREDENTIAL', '--format', 'json', dir], { encoding: 'utf8' });
  const findings = JSON.parse(run.stdout).findings.map((f: any) => `${f.object} ${f.path}: ${f.message}`);
  expect(findings).toEqual([
    'Deployment/mcp/app metadata.annotations.example.com/key: annotation "example.com/key" holds a Google API key',
    'Deployment/mcp/app spec.template.metadata.annotations.note: annotation "note" holds an AWS access key id',
    'Deployment/mcp/app spec.template.spec.containers[0].env[0].value: container "app" sets DATABASE_URL to a URL with a password in it',
    'Deployment/mcp/app spec.template.spec.containers[0].args[1]: container "app" has a GitHub token in its args',
    'ConfigMap/mcp/settings data.app.toml: ConfigMap key "app.toml" holds a literal value for "password"',
  ]);
  for (const secret of [GITHUB, AWS, GOOGLE, PASSWORD]) expect(run.stdout + run.stderr).not.toContain(secret);
  expect(run.status).toBe(1);
});

import { z } from 'zod';
import { formatPath } from '../config/problems';

/*
 * The MCP registry's server.json (schema 2025-12-11), as far as `cdk8s-mcp add` reads it:
 * the same required fields, types, patterns and enums as the upstream JSON Schema, checked
 * with zod so every problem names its JSON path. test/registry/server-json.test.ts judges
 * every fixture with both this model and the upstream schema and expects the same verdict.
 * @see https://github.com/modelcontextprotocol/registry/blob/v1.8.7/internal/validators/schemas/2025-12-11.json
 * @see https://github.com/modelcontextprotocol/registry/blob/v1.8.7/docs/reference/server-json/generic-server-json.md
 */

/** The schema URL the registry publishes for the format read here. */
export const SERVER_JSON_SCHEMA = 'https://static.modelcontextprotocol.io/schemas/2025-12-11/server.schema.json';

// 2025-12-11: http(s) only ({variables} may follow the scheme); the later draft also allows a leading {variable}.
const TRANSPORT_URL = /^https?:\/\/[^\s]+$/;
const SERVER_NAME = /^[a-zA-Z0-9.-]+\/[a-zA-Z0-9._-]+$/;

const text = (what: string) => z.string({ error: `expected ${what}: a string` });
const flag = (what: string) => z.boolean({ error: `expected ${what}: true or false` });

/** Input: a value the user (or a default) gives, maybe secret. */
const inputFields = {
  description: text('a description').optional(),
  isRequired: flag('isRequired').optional(),
  isSecret: flag('isSecret').optional(),
  format: z.enum(['string', 'number', 'boolean', 'filepath'], { error: 'expected a format: "string", "number", "boolean" or "filepath"' }).optional(),
  value: text('a value').optional(),
  default: text('a default').optional(),
  placeholder: text('a placeholder').optional(),
  choices: z.array(text('a choice'), { error: 'expected a list of choices' }).optional(),
};
const input = z.looseObject(inputFields, { error: 'expected an input: {value, default, isRequired, isSecret, ...}' });
const variables = z.record(z.string(), input, { error: 'expected a map of variable names to inputs' }).optional();

const keyValueInput = z.looseObject({ ...inputFields, variables, name: text('a name') }, { error: 'expected {name, value, default, isRequired, isSecret, ...}' });

const positionalArgument = z.looseObject({
  ...inputFields, variables,
  type: z.literal('positional'),
  valueHint: text('a valueHint').optional(),
  isRepeated: flag('isRepeated').optional(),
}).refine((a) => a.value !== undefined || a.valueHint !== undefined, { error: 'expected a positional argument with a value or a valueHint' });
const namedArgument = z.looseObject({
  ...inputFields, variables,
  type: z.literal('named'),
  name: text('the argument name, e.g. "--port"'),
  isRepeated: flag('isRepeated').optional(),
});
const argument = z.discriminatedUnion('type', [positionalArgument, namedArgument], {
  error: (issue) => (issue.code === 'invalid_union' ? 'expected an argument: {type: "positional", value | valueHint} or {type: "named", name}' : undefined),
});
const argumentList = z.array(argument, { error: 'expected a list of arguments' }).optional();

const httpTransport = <T extends 'streamable-http' | 'sse'>(type: T) => z.looseObject({
  type: z.literal(type),
  url: text('a URL').regex(TRANSPORT_URL, { error: 'expected an http:// or https:// URL' }),
  headers: z.array(keyValueInput, { error: 'expected a list of headers' }).optional(),
  variables,
});
const stdioTransport = z.looseObject({ type: z.literal('stdio') });
const transportError = (issue: { code: string }) => (issue.code === 'invalid_union' ? 'expected a transport: {type: "stdio"}, {type: "streamable-http", url} or {type: "sse", url}' : undefined);
const localTransport = z.discriminatedUnion('type', [stdioTransport, httpTransport('streamable-http'), httpTransport('sse')], { error: transportError });
const remoteTransport = z.discriminatedUnion('type', [httpTransport('streamable-http'), httpTransport('sse')], {
  error: (issue) => (issue.code === 'invalid_union' ? 'expected a remote: {type: "streamable-http", url} or {type: "sse", url}' : undefined),
});

const serverPackage = z.looseObject({
  registryType: text('a registry type such as "oci", "npm" or "pypi"'),
  registryBaseUrl: z.url({ error: 'expected the registry\'s base URL' }).optional(),
  identifier: text('the package identifier'),
  version: text('a version').min(1, { error: 'expected a version' }).max(255).refine((v) => v !== 'latest', { error: 'expected a specific version, not "latest"' }).optional(),
  fileSha256: text('a SHA-256').regex(/^[a-f0-9]{64}$/, { error: 'expected 64 lower-case hex digits' }).optional(),
  runtimeHint: text('a runtime hint such as "npx", "uvx" or "docker"').optional(),
  transport: localTransport,
  runtimeArguments: argumentList,
  packageArguments: argumentList,
  environmentVariables: z.array(keyValueInput, { error: 'expected a list of environment variables' }).optional(),
}, { error: 'expected a package: {registryType, identifier, version, transport, ...}' });

export const serverJsonSchema = z.looseObject({
  $schema: z.url({ error: 'expected the schema URL' }).optional(),
  name: text('a server name such as "io.github.owner/server"').min(3).max(200).regex(SERVER_NAME, { error: 'expected a server name such as "io.github.owner/server" (reverse-DNS namespace, "/", name)' }),
  description: text('a description').min(1, { error: 'expected a description' }).max(100, { error: 'expected a description of at most 100 characters' }),
  title: text('a title').min(1).max(100).optional(),
  version: text('a version').max(255),
  websiteUrl: z.url({ error: 'expected a URL' }).optional(),
  icons: z.array(z.looseObject({
    src: z.url({ error: 'expected the icon\'s URL' }).max(255),
    mimeType: z.enum(['image/png', 'image/jpeg', 'image/jpg', 'image/svg+xml', 'image/webp']).optional(),
    sizes: z.array(text('a size').regex(/^(\d+x\d+|any)$/, { error: 'expected a size such as 48x48, or any' })).optional(),
    theme: z.enum(['light', 'dark']).optional(),
  }), { error: 'expected a list of icons' }).optional(),
  repository: z.looseObject({ url: z.url({ error: 'expected the repository URL' }), source: text('the repository source, e.g. "github"') }, { error: 'expected a repository: {url, source}' }).optional(),
  packages: z.array(serverPackage, { error: 'expected a list of packages' }).optional(),
  remotes: z.array(remoteTransport, { error: 'expected a list of remotes' }).optional(),
}, { error: 'expected a server.json object: {name, description, version, packages, remotes}' });

export type ServerJson = z.output<typeof serverJsonSchema>;
export type ServerPackage = z.output<typeof serverPackage>;
export type PackageArgument = z.output<typeof argument>;
export type KeyValueInput = z.output<typeof keyValueInput>;
export type Input = z.output<typeof input>;
export type LocalTransport = z.output<typeof localTransport>;
export type RemoteTransport = z.output<typeof remoteTransport>;

/** A server.json problem: its JSON path (`packages[0].transport.url`) and what was expected. */
export interface ServerJsonProblem {
  readonly path: string;
  readonly message: string;
}

/** Parses and validates the text of a server.json; problems name JSON paths. */
export function parseServerJson(text: string): { server: ServerJson } | { problems: ServerJsonProblem[] } {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (err) {
    return { problems: [{ path: '', message: `expected JSON: ${(err as Error).message}` }] };
  }
  const parsed = serverJsonSchema.safeParse(data, { reportInput: true });
  if (parsed.success) return { server: parsed.data };
  return { problems: parsed.error.issues.map((issue) => ({ path: formatPath(issue.path), message: issueMessage(issue) })) };
}

function issueMessage(issue: z.core.$ZodIssue): string {
  if (issue.code === 'invalid_type' && issue.input === undefined) return `${issue.message.replace(/^Invalid input: /, '')}, got nothing`;
  if (issue.code === 'invalid_value' && 'values' in issue) return `expected one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}`;
  return issue.message;
}

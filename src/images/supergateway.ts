/*
 * supergateway (npm `supergateway`), a stdio-to-HTTP bridge written for Node. It runs the
 * stdio server as a shell command (`spawn(cmd, {shell: true})`, inheriting the bridge's
 * environment), serves Streamable HTTP with `--outputTransport streamableHttp` (without it,
 * SSE), listens on every address, and keeps one child per session with `--stateful`.
 * @see https://github.com/supercorp-ai/supergateway/blob/v4.0.0/src/index.ts
 * @see https://github.com/supercorp-ai/supergateway/blob/v4.0.0/src/lib/ownedChildProcesses.ts
 */

const SOURCE = 'https://github.com/supercorp-ai/supergateway/blob/v4.0.0/src/index.ts';

export const SUPERGATEWAY = {
  package: 'supergateway',
  version: '4.0.0',
  /** The stdio command, one shell string. */
  stdioFlag: '--stdio',
  outputTransport: ['--outputTransport', 'streamableHttp'],
  /** One stdio child per MCP session, so a session keeps its server state. */
  stateful: '--stateful',
  port: { flag: '--port', default: 8000 },
  /** `--streamableHttpPath`, default `/mcp`. */
  path: '/mcp',
  /** Answers "ok" on each path given; none by default. */
  healthFlag: '--healthEndpoint',
  source: SOURCE,
} as const;

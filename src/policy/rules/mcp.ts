import { Rule } from '../rule';
import { MCP_INSPECTOR_RULES } from './mcp-inspector';
import { MCP_SERVER_RULES } from './mcp-server';

/*
 * The traps MCP deployments actually fall into: the Inspector's (mcp-inspector.ts) and the
 * servers' (mcp-server.ts). For objects rendered elsewhere the rules recognise the images
 * and their flags; the resolution from Services and routes to pods is policy/service-routes.ts.
 */

export * from './mcp-inspector';
export * from './mcp-server';

export const MCP_RULES: Rule[] = [...MCP_INSPECTOR_RULES, ...MCP_SERVER_RULES];

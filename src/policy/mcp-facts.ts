import { Manifest } from './manifest';

/*
 * Facts about upstream MCP images that both the renderer and the rules rely on.
 * The MCP Inspector v2 serves UI and API on 6274 (6277 was the v1 proxy port); our
 * sidecar container is named `mcp-inspector`.
 */

export const INSPECTOR_PORT = 6274;
export const INSPECTOR_PORTS = [INSPECTOR_PORT, 6277];
export const INSPECTOR_CONTAINER_NAME = 'mcp-inspector';

/** The Inspector, recognised by image or by the name our sidecar has. */
export function isInspector(container: Manifest): boolean {
  return /modelcontextprotocol\/inspector/.test(String(container?.image)) || container?.name === INSPECTOR_CONTAINER_NAME;
}

/** kubernetes-mcp-server, by image (quay.io/containers/kubernetes_mcp_server and forks). */
export function isKubernetesMcp(container: Manifest): boolean {
  return /kubernetes[_-]mcp[_-]server/.test(String(container?.image));
}

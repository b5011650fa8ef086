import { factsForImage, KUBERNETES_MCP_SERVER, MCP_INSPECTOR } from '../images';
import { Manifest } from './manifest';

/*
 * What the rules need to recognise MCP containers, derived from the upstream facts in
 * src/images/. The MCP Inspector v2 serves UI and API on 6274 (6277 was the v1 proxy
 * port); our sidecar container is named `mcp-inspector`.
 */

export const INSPECTOR_PORT = MCP_INSPECTOR.listenPort.default!;
export const INSPECTOR_CONTAINER_NAME = 'mcp-inspector';

/**
 * Where the kubelet mounts a ServiceAccount token by default, and where client-go's
 * in-cluster config reads `token`, `ca.crt` and `namespace`.
 * @see https://github.com/kubernetes/client-go/blob/master/rest/config.go (InClusterConfig)
 */
export const STANDARD_CREDENTIALS_DIR = '/var/run/secrets/kubernetes.io/serviceaccount';

/** The Inspector, recognised by image or by the name our sidecar has. */
export function isInspector(container: Manifest): boolean {
  return factsForImage(container?.image) === MCP_INSPECTOR || container?.name === INSPECTOR_CONTAINER_NAME;
}

/** kubernetes-mcp-server, by image (quay.io/containers/kubernetes_mcp_server and forks). */
export function isKubernetesMcp(container: Manifest): boolean {
  return factsForImage(container?.image) === KUBERNETES_MCP_SERVER;
}

import { Duration } from 'cdk8s';
import { Construct } from 'constructs';
import { STANDARD_CREDENTIALS_DIR } from '../policy/mcp-facts';
import { McpApp } from './mcp-app';

export { STANDARD_CREDENTIALS_DIR } from '../policy/mcp-facts';

export interface KubeApiCredentialsProps {
  /** The MCP server pod that gets the credentials. */
  readonly app: McpApp;

  /**
   * Directory of `token`, `ca.crt` and `namespace` in the MCP container.
   * @default STANDARD_CREDENTIALS_DIR (in-cluster auth finds them there)
   */
  readonly mountPath?: string;

  /**
   * Lifetime of the projected token; the kubelet rotates it before it expires.
   * @default Duration.hours(1)
   */
  readonly tokenExpiration?: Duration;
}

/**
 * The pod's own ServiceAccount credentials as a projected volume: a token with an expiry,
 * the cluster CA (`kube-root-ca.crt`) and the namespace, the three files in-cluster
 * clients read. The pod keeps `automountServiceAccountToken: false`, so only the MCP
 * container sees them, and only in servers that talk to the Kubernetes API.
 * @see https://kubernetes.io/docs/concepts/security/service-accounts/#assign-to-pod
 */
export class KubeApiCredentials extends Construct {
  /** Name of the projected volume. */
  public static readonly VOLUME_NAME = 'kube-api-access';

  /** The directory the files are in. */
  public readonly mountPath: string;

  constructor(scope: Construct, id: string, props: KubeApiCredentialsProps) {
    super(scope, id);
    this.mountPath = props.mountPath ?? STANDARD_CREDENTIALS_DIR;
    props.app.addKubeVolume({
      name: KubeApiCredentials.VOLUME_NAME,
      projected: {
        sources: [
          { serviceAccountToken: { path: 'token', expirationSeconds: props.tokenExpiration?.toSeconds() ?? 3600 } },
          { configMap: { name: 'kube-root-ca.crt', items: [{ key: 'ca.crt', path: 'ca.crt' }] } },
          { downwardApi: { items: [{ path: 'namespace', fieldRef: { fieldPath: 'metadata.namespace' } }] } },
        ],
      },
    });
    props.app.addKubeVolumeMount(this.mount());
  }

  /** The read-only mount of the credentials, for other containers of the pod. */
  public mount() {
    return { name: KubeApiCredentials.VOLUME_NAME, mountPath: this.mountPath, readOnly: true };
  }
}

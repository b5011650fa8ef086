import { Duration } from 'cdk8s';
import { EnvValue, k8s } from 'cdk8s-plus-30';
import { Construct } from 'constructs';
import { KubeApiCredentials } from './kube-api-credentials';
import { McpApp } from './mcp-app';
import { restrictedContainerSecurityContext } from './security';

/** Where the pod's own credentials are projected; not the default path, so nothing autodetects them. */
export const CREDENTIALS_DIR = '/var/run/secrets/mcp/serviceaccount';
export const KUBECONFIG_DIR = '/var/run/kubeconfig';
export const KUBECONFIG_PATH = `${KUBECONFIG_DIR}/config`;

export interface KubeconfigInitProps {
  /** The MCP server pod that gets the kubeconfig. */
  readonly app: McpApp;

  /**
   * Image with a POSIX shell, pinned.
   * @default "docker.io/library/busybox:1.37.0"
   */
  readonly image?: string;

  /**
   * Lifetime of the projected token; the kubelet rotates it before it expires.
   * @default Duration.hours(1)
   */
  readonly tokenExpiration?: Duration;
}

/**
 * An init container that writes a kubeconfig from the pod's own ServiceAccount, for tools
 * that want a file (the Pulumi CLI, kubernetes-mcp-server in kubeconfig mode). The
 * kubeconfig points at the in-cluster API, the projected CA and a `tokenFile`, so rotated
 * tokens are picked up, with the pod's namespace as context namespace. The token is a
 * projected volume with an explicit expiry, mounted only in pods that use this construct.
 */
export class KubeconfigInit extends Construct {
  public static readonly DEFAULT_IMAGE = 'docker.io/library/busybox:1.37.0';

  /** The script the init container runs; exported so tests can read it. */
  public static script(): string {
    return [
      'set -eu',
      'host="${KUBERNETES_SERVICE_HOST:-kubernetes.default.svc}"',
      'case "$host" in *:*) host="[$host]" ;; esac',
      `namespace="$(cat ${CREDENTIALS_DIR}/namespace)"`,
      `cat > ${KUBECONFIG_PATH}.tmp <<EOF`,
      'apiVersion: v1',
      'kind: Config',
      'clusters:',
      '- name: in-cluster',
      '  cluster:',
      '    server: https://${host}:${KUBERNETES_SERVICE_PORT:-443}',
      `    certificate-authority: ${CREDENTIALS_DIR}/ca.crt`,
      'users:',
      '- name: service-account',
      '  user:',
      `    tokenFile: ${CREDENTIALS_DIR}/token`,
      'contexts:',
      '- name: in-cluster',
      '  context:',
      '    cluster: in-cluster',
      '    user: service-account',
      '    namespace: ${namespace}',
      'current-context: in-cluster',
      'EOF',
      `mv ${KUBECONFIG_PATH}.tmp ${KUBECONFIG_PATH}`,
      '',
    ].join('\n');
  }

  constructor(scope: Construct, id: string, props: KubeconfigInitProps) {
    super(scope, id);
    const app = props.app;
    const credentials = new KubeApiCredentials(this, 'Credentials', {
      app, mountPath: CREDENTIALS_DIR, tokenExpiration: props.tokenExpiration,
    }).mount();
    app.addKubeVolume({ name: 'kubeconfig', emptyDir: { sizeLimit: k8s.Quantity.fromString('1Mi') } });
    app.addKubeInitContainer({
      name: 'kubeconfig',
      image: props.image ?? KubeconfigInit.DEFAULT_IMAGE,
      imagePullPolicy: 'IfNotPresent',
      command: ['/bin/sh', '-c', KubeconfigInit.script()],
      resources: {
        requests: { 'cpu': k8s.Quantity.fromString('10m'), 'memory': k8s.Quantity.fromString('16Mi'), 'ephemeral-storage': k8s.Quantity.fromString('8Mi') },
        // The kubeconfig emptyDir (1Mi) and a few lines of log.
        limits: { 'cpu': k8s.Quantity.fromString('100m'), 'memory': k8s.Quantity.fromString('32Mi'), 'ephemeral-storage': k8s.Quantity.fromString('16Mi') },
      },
      securityContext: restrictedContainerSecurityContext(app.user),
      volumeMounts: [credentials, { name: 'kubeconfig', mountPath: KUBECONFIG_DIR }],
    });
    app.addKubeVolumeMount({ name: 'kubeconfig', mountPath: KUBECONFIG_DIR, readOnly: true });
    app.addEnv('KUBECONFIG', EnvValue.fromValue(KUBECONFIG_PATH));
  }
}

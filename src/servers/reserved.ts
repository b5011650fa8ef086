import { ServerSpec } from '../config/schema';
import { CREDENTIALS_DIR, DEFAULT_HOME_PATH, KUBECONFIG_DIR, STANDARD_CREDENTIALS_DIR, TMP_PATH } from '../constructs';
import { KUBERNETES_MCP_CONFIG_PATH } from './kubernetes';
import { PULUMI_HOME } from './pulumi';

/*
 * What the catalog sets itself in a server's main container: environment variables and
 * mount paths. A user's env or mount with the same name would render a duplicate the API
 * server refuses (or that silently loses one value), so the config check refuses them,
 * naming who sets them and why.
 */

export interface ReservedNames {
  /** Environment variable -> what the catalog sets it to. */
  readonly env: Readonly<Record<string, string>>;
  /** Mount path -> what the catalog mounts there. */
  readonly paths: Readonly<Record<string, string>>;
}

/** The names a server's own fields may not use. */
export function reservedNames(spec: ServerSpec): ReservedNames {
  const home = spec.type === 'pulumi' ? PULUMI_HOME : DEFAULT_HOME_PATH;
  const env: Record<string, string> = { HOME: `the writable home directory ${home}` };
  const paths: Record<string, string> = { [TMP_PATH]: 'a writable emptyDir', [home]: 'the writable home directory' };
  if (spec.portEnv) env[spec.portEnv] = 'the port (portEnv)';
  const kubeconfig = () => {
    env.KUBECONFIG = 'the kubeconfig KubeconfigInit writes';
    paths[KUBECONFIG_DIR] = 'the kubeconfig KubeconfigInit writes';
    paths[CREDENTIALS_DIR] = 'the ServiceAccount credentials of KubeconfigInit';
  };
  switch (spec.type) {
    case 'kubernetes':
      paths[KUBERNETES_MCP_CONFIG_PATH] = 'the kubernetes-mcp-server config file (disabledTools)';
      if (spec.kubeconfig) kubeconfig();
      else paths[STANDARD_CREDENTIALS_DIR] = 'the ServiceAccount token';
      break;
    case 'github':
      env.GITHUB_PERSONAL_ACCESS_TOKEN = 'the token Secret (token)';
      break;
    case 'pulumi':
      env.PULUMI_ACCESS_TOKEN = 'the token Secret (token)';
      kubeconfig();
      break;
    case 'generic':
      if (spec.access && Object.keys(spec.access).length > 0) paths[STANDARD_CREDENTIALS_DIR] = 'the ServiceAccount token (access)';
      break;
  }
  return { env, paths };
}

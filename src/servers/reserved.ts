import { ServerSpec } from '../config/schema';
import { CREDENTIALS_DIR, DEFAULT_HOME_PATH, KUBECONFIG_DIR, STANDARD_CREDENTIALS_DIR, TMP_PATH } from '../constructs';
import { GITHUB_OWNED_FLAGS } from './github';
import { KUBERNETES_MCP_CONFIG_PATH, KUBERNETES_OWNED_FLAGS } from './kubernetes';
import { PULUMI_HOME, PULUMI_OWNED_FLAGS } from './pulumi';

/*
 * What the catalog sets itself in a server's main container: environment variables, mount
 * paths and command-line flags. A user's env or mount with the same name would render a duplicate the API
 * server refuses (or that silently loses one value), so the config check refuses them,
 * naming who sets them and why.
 */

export interface ReservedNames {
  /** Environment variable -> what the catalog sets it to. */
  readonly env: Readonly<Record<string, string>>;
  /** Mount path -> what the catalog mounts there. */
  readonly paths: Readonly<Record<string, string>>;
  /** Command-line flag -> the field that sets it (flag parsers take the last, so a user's copy would override or fight it). */
  readonly flags: Readonly<Record<string, string>>;
}

/** The names a server's own fields may not use. */
export function reservedNames(spec: ServerSpec): ReservedNames {
  const home = spec.type === 'pulumi' ? PULUMI_HOME : DEFAULT_HOME_PATH;
  const env: Record<string, string> = { HOME: `the writable home directory ${home}` };
  const paths: Record<string, string> = { [TMP_PATH]: 'a writable emptyDir', [home]: 'the writable home directory' };
  const flags: Record<string, string> = {};
  if (spec.portEnv) env[spec.portEnv] = 'the port (portEnv)';
  const kubeconfig = () => {
    env.KUBECONFIG = 'the kubeconfig KubeconfigInit writes';
    paths[KUBECONFIG_DIR] = 'the kubeconfig KubeconfigInit writes';
    paths[CREDENTIALS_DIR] = 'the ServiceAccount credentials of KubeconfigInit';
  };
  switch (spec.type) {
    case 'kubernetes':
      Object.assign(flags, KUBERNETES_OWNED_FLAGS);
      paths[KUBERNETES_MCP_CONFIG_PATH] = 'the kubernetes-mcp-server config file (disabledTools)';
      if (spec.kubeconfig) kubeconfig();
      else paths[STANDARD_CREDENTIALS_DIR] = 'the ServiceAccount token';
      break;
    case 'github':
      Object.assign(flags, GITHUB_OWNED_FLAGS);
      env.GITHUB_PERSONAL_ACCESS_TOKEN = 'the token Secret (token)';
      break;
    case 'pulumi':
      Object.assign(flags, PULUMI_OWNED_FLAGS);
      env.PULUMI_ACCESS_TOKEN = 'the token Secret (token)';
      kubeconfig();
      break;
    case 'generic':
      if (spec.portFlag) flags[spec.portFlag] = 'port';
      if (spec.access && Object.keys(spec.access).length > 0) paths[STANDARD_CREDENTIALS_DIR] = 'the ServiceAccount token (access)';
      break;
  }
  return { env, paths, flags };
}

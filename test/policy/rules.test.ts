import { parseAllDocuments } from 'yaml';
import { ALL_RULES, evaluate } from '../../src/policy/engine';
import { Manifest } from '../../src/policy/manifest';
import { RULE_IDS } from '../../src/policy/rule-ids';

/*
 * Every rule has at least one manifest set it must flag and one it must pass, including
 * forms this project never renders (bare Pods, Ingresses, third-party RBAC).
 */

const secure = { allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] }, readOnlyRootFilesystem: true, runAsUser: 1000 };
const resources = { requests: { cpu: '10m', memory: '16Mi' }, limits: { cpu: '100m', memory: '64Mi' } };
const probes = { readinessProbe: { tcpSocket: { port: 'http' } }, livenessProbe: { tcpSocket: { port: 'http' } } };

function container(extra: Manifest = {}): Manifest {
  return { name: 'app', image: 'ghcr.io/x/app:1.0.0', ports: [{ name: 'http', containerPort: 8080 }], resources, securityContext: secure, ...probes, ...extra };
}

function deployment(podExtra: Manifest = {}, containers: Manifest[] = [container()], meta: Manifest = {}, replicas = 1): Manifest {
  return {
    apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'app', namespace: 'ns', ...meta },
    spec: {
      replicas,
      selector: { matchLabels: { app: 'x' } },
      template: { metadata: { labels: { app: 'x' } }, spec: { securityContext: { runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } }, containers, ...podExtra } },
    },
  };
}

/** A StatefulSet whose container mounts `data` at /var/lib/data. */
function statefulSet(volumeClaimTemplates: Manifest[]): Manifest {
  const base = deployment({}, [container({ volumeMounts: [{ name: 'data', mountPath: '/var/lib/data' }] })]);
  return { ...base, kind: 'StatefulSet', spec: { ...base.spec, serviceName: 'app', volumeClaimTemplates } };
}

/** A Job or CronJob whose container has no probes, as charts write migrations and backups. */
function runToCompletion(kind: 'Job' | 'CronJob'): Manifest {
  const template = { spec: { restartPolicy: 'OnFailure', securityContext: { runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } },
    containers: [container({ readinessProbe: undefined, livenessProbe: undefined })] } };
  const job = { template };
  return { apiVersion: 'batch/v1', kind, metadata: { name: 'migrate', namespace: 'ns' }, spec: kind === 'Job' ? job : { schedule: '0 3 * * *', jobTemplate: { spec: job } } };
}

function service(ports: Manifest[] = [{ name: 'http', port: 80, targetPort: 'http' }], extra: Manifest = {}): Manifest {
  return { apiVersion: 'v1', kind: 'Service', metadata: { name: 'app', namespace: 'ns' }, spec: { selector: { app: 'x' }, ports, ...extra } };
}

function role(rules: Manifest[], kind = 'Role'): Manifest {
  return { apiVersion: 'rbac.authorization.k8s.io/v1', kind, metadata: { name: 'r', ...(kind === 'Role' ? { namespace: 'ns' } : {}) }, rules };
}

const inspector = (env: Manifest[]) => ({ name: 'mcp-inspector', image: 'ghcr.io/modelcontextprotocol/inspector:2.3.0', restartPolicy: 'Always', resources, securityContext: secure, env });
const loopbackEnv = [{ name: 'HOST', value: '127.0.0.1' }, { name: 'DANGEROUSLY_BIND_ALL_INTERFACES', value: 'false' }];

/** toolhive's thv proxy checking tokens in front of a server, as McpAuthProxy renders it. */
function authProxy(target: string): Manifest {
  return container({ name: 'auth-proxy', image: 'ghcr.io/stacklok/toolhive:v0.47.0', args: ['proxy', 'x', '--host', '0.0.0.0', '--port', '8080', '--target-uri', target, '--oidc-issuer', 'https://sso.example.com', '--oidc-audience', 'x', '--resource-url', 'https://x.example.com/mcp'] });
}

/** A production kubernetes-mcp-server Deployment, and the ConfigMap of its config file when given. */
function kubeMcp(args: string[], toml?: string): Manifest[] {
  const server = container({ name: 'server', image: 'quay.io/containers/kubernetes_mcp_server:v0.0.66', args,
    volumeMounts: toml ? [{ name: 'files', mountPath: '/etc/k/config.toml', subPath: 'etc_k_config.toml' }] : [] });
  const d = deployment(toml ? { volumes: [{ name: 'files', configMap: { name: 'app-files' } }] } : {}, [server], { annotations: { 'cdk8s-mcp/production': 'true' } });
  return toml ? [d, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'app-files', namespace: 'ns' }, data: { 'etc_k_config.toml': toml } }] : [d];
}

/** rule id -> [objects that must be flagged, objects that must pass]. */
const CASES: Record<string, [Manifest[], Manifest[]]> = {
  'SCHEMA-KIND': [[{ apiVersion: 'extensions/v1beta1', kind: 'Deployment', metadata: { name: 'a' } }, { apiVersion: 'argoproj.io/v1beta1', kind: 'Application', metadata: { name: 'a' } }, { apiVersion: 'networking.k8s.io/v1beta1', kind: 'Ingress', metadata: { name: 'a' } }],
    [deployment(), { apiVersion: 'cert-manager.io/v1', kind: 'Certificate', metadata: { name: 'a', namespace: 'ns' } }]],
  'SCHEMA-UNKNOWN-KIND': [[{ apiVersion: 'cert-manager.io/v1', kind: 'Certificate', metadata: { name: 'a', namespace: 'ns' } }], [deployment(), { apiVersion: 'argoproj.io/v1alpha1', kind: 'AppProject', metadata: { name: 'p', namespace: 'argocd' }, spec: {} }]],
  'SCHEMA-UNKNOWN-FIELD': [[{ ...deployment(), spec: { ...deployment().spec, selectr: {} } }], [deployment()]],
  'SCHEMA-TYPES': [[{ ...deployment(), spec: { ...deployment().spec, replicas: 'two' } }], [deployment()]],
  'SCHEMA-NAME': [[service(undefined, {}), { ...service(), metadata: { name: '1app', namespace: 'ns' } }].slice(1), [service()]],
  'SCHEMA-LABELS': [[deployment({}, undefined, { labels: { 'bad key!': 'x' } }), deployment({}, undefined, { labels: { ok: 'value with spaces' } })], [deployment({}, undefined, { labels: { 'app.kubernetes.io/name': 'x' } })]],
  'SCHEMA-PORTS': [[deployment({}, [container({ ports: [{ name: 'Http_Port', containerPort: 70000 }] })]), service([{ port: 80, targetPort: 'Not_Valid' }])], [deployment(), service()]],
  'SCHEMA-SELECTOR': [[{ ...deployment(), spec: { ...deployment().spec, selector: { matchLabels: { app: 'y' } } } }], [deployment()]],
  'SCHEMA-VOLUME-MOUNTS': [[deployment({}, [container({ volumeMounts: [{ name: 'missing', mountPath: '/x' }] })]), statefulSet([{ metadata: { name: 'other' } }]),
    deployment({ volumes: [{ name: 'a', emptyDir: {} }, { name: 'b', emptyDir: {} }] }, [container({ volumeMounts: [{ name: 'a', mountPath: '/data' }, { name: 'b', mountPath: '/data/' }] })])], [deployment({ volumes: [{ name: 'data', emptyDir: {} }] }, [container({ volumeMounts: [{ name: 'data', mountPath: '/x' }] })]),
    // A StatefulSet mounts the claims of its volumeClaimTemplates.
    statefulSet([{ metadata: { name: 'data' }, spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } } }])]],
  'SCHEMA-SECURITY-CONTEXT': [[deployment({}, [container({ securityContext: { ...secure, allowPrivilegeEscalation: false, privileged: true } })]), deployment({}, [container({ securityContext: { ...secure, capabilities: { add: ['SYS_ADMIN'] } } })])], [deployment(), deployment({}, [container({ securityContext: { ...secure, allowPrivilegeEscalation: true, privileged: true } })])]],
  'SCHEMA-DUPLICATE-ENV': [[deployment({}, [container({ env: [{ name: 'HOME', value: '/home/mcp' }, { name: 'HOME', value: '/data' }] })])], [deployment({}, [container({ env: [{ name: 'HOME', value: '/home/mcp' }] })])]],
  'SCHEMA-SIZE': [[{ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'big', namespace: 'ns' }, data: { 'a.json': 'x'.repeat(1024 * 1024) } }], [{ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'small', namespace: 'ns' }, data: { 'a.json': 'x'.repeat(1000) } }]],
  'SCHEMA-NODEPORT-CONFLICT': [
    [service([{ name: 'http', port: 80, targetPort: 'http', nodePort: 30080 }], { type: 'NodePort' }), { ...service([{ name: 'http', port: 80, targetPort: 'http', nodePort: 30080 }], { type: 'NodePort' }), metadata: { name: 'other', namespace: 'ns2' } }],
    [service([{ name: 'http', port: 80, targetPort: 'http', nodePort: 30080 }], { type: 'NodePort' }), { ...service([{ name: 'http', port: 80, targetPort: 'http', nodePort: 30081 }], { type: 'NodePort' }), metadata: { name: 'other', namespace: 'ns2' } }],
  ],
  'SCHEMA-SERVICE-SELECTS-NOTHING': [[deployment(), service(undefined, { selector: { app: 'y' } })], [deployment(), service(), { ...service(), metadata: { name: 'headless', namespace: 'ns' }, spec: { ports: [{ port: 80 }] } }]],
  'SCHEMA-DUPLICATE': [[service(), service()], [service(), { ...service(), metadata: { name: 'other', namespace: 'ns' } }]],
  'PSS-HOST-PROCESS': [[deployment({ securityContext: { runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' }, windowsOptions: { hostProcess: true } } })], [deployment()]],
  'PSS-HOST-NAMESPACES': [[deployment({ hostPID: true })], [deployment({ hostPID: false })]],
  'PSS-PRIVILEGED': [[deployment({}, [container({ securityContext: { ...secure, privileged: true } })])], [deployment()]],
  'PSS-CAPABILITIES-BASELINE': [[deployment({}, [container({ securityContext: { ...secure, capabilities: { drop: ['ALL'], add: ['NET_ADMIN'] } } })])], [deployment()]],
  'PSS-HOST-PATH': [[deployment({ volumes: [{ name: 'h', hostPath: { path: '/var/run/docker.sock' } }] })], [deployment({ volumes: [{ name: 'h', emptyDir: {} }] })]],
  'PSS-HOST-PORTS': [[deployment({}, [container({ ports: [{ name: 'http', containerPort: 8080, hostPort: 8080 }] })])], [deployment()]],
  'PSS-APPARMOR': [[{ ...deployment(), spec: { ...deployment().spec, template: { ...deployment().spec.template, metadata: { labels: { app: 'x' }, annotations: { 'container.apparmor.security.beta.kubernetes.io/app': 'unconfined' } } } } }], [deployment()]],
  'PSS-SELINUX': [[deployment({}, [container({ securityContext: { ...secure, seLinuxOptions: { type: 'spc_t' } } })])], [deployment({}, [container({ securityContext: { ...secure, seLinuxOptions: { type: 'container_t' } } })])]],
  'PSS-PROC-MOUNT': [[deployment({}, [container({ securityContext: { ...secure, procMount: 'Unmasked' } })])], [deployment()]],
  'PSS-SECCOMP-BASELINE': [[deployment({ securityContext: { runAsNonRoot: true, seccompProfile: { type: 'Unconfined' } } })], [deployment()]],
  'PSS-SYSCTLS': [[deployment({ securityContext: { runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' }, sysctls: [{ name: 'net.core.somaxconn', value: '1024' }] } })], [deployment({ securityContext: { runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' }, sysctls: [{ name: 'net.ipv4.tcp_syncookies', value: '1' }] } })]],
  'PSS-VOLUME-TYPES': [[deployment({ volumes: [{ name: 'g', gitRepo: { repository: 'x' } }] })], [deployment({ volumes: [{ name: 'p', projected: { sources: [] } }] })]],
  'PSS-PRIVILEGE-ESCALATION': [[deployment({}, [container({ securityContext: { ...secure, allowPrivilegeEscalation: undefined } })])], [deployment()]],
  'PSS-RUN-AS-NON-ROOT': [[deployment({ securityContext: { seccompProfile: { type: 'RuntimeDefault' } } })], [deployment()]],
  'PSS-RUN-AS-USER': [[deployment({}, [container({ securityContext: { ...secure, runAsUser: 0 } })])], [deployment()]],
  'PSS-SECCOMP-RESTRICTED': [[deployment({ securityContext: { runAsNonRoot: true } })], [deployment()]],
  'PSS-CAPABILITIES-RESTRICTED': [[deployment({}, [container({ securityContext: { ...secure, capabilities: {} } })])], [deployment({}, [container({ securityContext: { ...secure, capabilities: { drop: ['ALL'], add: ['NET_BIND_SERVICE'] } } })])]],
  'HYG-RESOURCES': [[deployment({}, [container({ resources: { limits: { cpu: '1' } } })])], [deployment()]],
  'HYG-PROBES': [
    [deployment({}, [container({ readinessProbe: undefined })]), { ...deployment({}, [container({ livenessProbe: undefined })]), kind: 'ReplicaSet' }],
    [deployment(), runToCompletion('Job'), runToCompletion('CronJob'), { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'test', namespace: 'ns' },
      spec: { ...deployment({ restartPolicy: 'Never' }, [container({ ...probes, readinessProbe: undefined, livenessProbe: undefined })]).spec.template.spec } }]],
  'HYG-EPHEMERAL-STORAGE': [[deployment({}, [container({ resources })])],
    [deployment({}, [container({ resources: { requests: { ...resources.requests, 'ephemeral-storage': '64Mi' }, limits: { ...resources.limits, 'ephemeral-storage': '1Gi' } } })])]],
  'HYG-IMAGE-DIGEST': [[deployment({}, undefined, { annotations: { 'cdk8s-mcp/production': 'true' } })],
    [deployment({}, [container({ image: `ghcr.io/x/app:1.0.0@sha256:${'a'.repeat(64)}` })], { annotations: { 'cdk8s-mcp/production': 'true' } }), deployment()]],
  'HYG-IMAGE-PINNED': [[deployment({}, [container({ image: 'nginx' })]), deployment({}, [container({ image: 'registry:5000/nginx:latest' })])], [deployment({}, [container({ image: 'registry:5000/nginx@sha256:' + 'a'.repeat(64) })])]],
  'HYG-LITERAL-CREDENTIAL': [
    [deployment({}, [container({ env: [{ name: 'CONFIG', value: `ghp_${'a'.repeat(36)}` }] })]),
      { apiVersion: 'v1', kind: 'Secret', metadata: { name: 's', namespace: 'ns' }, data: { token: Buffer.from(`pul-${'0'.repeat(40)}`).toString('base64') } },
      { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'k', namespace: 'ns' }, stringData: { 'tls.key': '-----BEGIN PRIVATE KEY-----\nMIIE...' } },
      { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c', namespace: 'ns' }, data: { a: 'token: github_pat_' + 'A'.repeat(30) } },
      deployment({}, [container({ env: [{ name: 'SLACK', value: 'xoxb-1234567890-abcdef' }] })])],
    [deployment({}, [container({ env: [{ name: 'GITHUB_TOKEN', valueFrom: { secretKeyRef: { name: 's', key: 'k' } } }, { name: 'NOTE', value: 'ghp is a prefix' }] })]),
      { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c', namespace: 'ns' }, data: { a: 'hello' } }],
  ],
  'HYG-READ-ONLY-ROOT': [[deployment({}, [container({ securityContext: { ...secure, readOnlyRootFilesystem: false } })])], [deployment()]],
  'HYG-NUMERIC-USER': [[deployment({}, [container({ securityContext: { ...secure, runAsUser: undefined } })])], [deployment({ securityContext: { runAsNonRoot: true, runAsUser: 1001, seccompProfile: { type: 'RuntimeDefault' } } }, [container({ securityContext: { ...secure, runAsUser: undefined } })])]],
  'HYG-INLINE-SECRET': [[deployment({}, [container({ env: [{ name: 'GITHUB_PERSONAL_ACCESS_TOKEN', value: 'ghp_123' }] })])], [deployment({}, [container({ env: [{ name: 'GITHUB_TOKEN', valueFrom: { secretKeyRef: { name: 's', key: 'k' } } }, { name: 'LOG_LEVEL', value: 'debug' }, { name: 'GOOGLE_APPLICATION_CREDENTIALS', value: '/var/run/gcp/credentials.json' }] })])]],
  'RBAC-WILDCARD': [[role([{ apiGroups: [''], resources: ['*'], verbs: ['get'] }]), role([{ apiGroups: ['', 'apps', 'extensions'], resources: ['pods'], verbs: ['*'] }])], [role([{ apiGroups: [''], resources: ['pods'], verbs: ['get'] }])]],
  'RBAC-SECRETS-READ-CLUSTER': [[role([{ apiGroups: [''], resources: ['secrets'], verbs: ['list'] }], 'ClusterRole')], [role([{ apiGroups: [''], resources: ['secrets'], resourceNames: ['one'], verbs: ['get'] }], 'ClusterRole')]],
  'RBAC-SECRETS-READ': [[role([{ apiGroups: [''], resources: ['secrets'], verbs: ['get', 'list'] }])], [role([{ apiGroups: [''], resources: ['configmaps'], verbs: ['get', 'list'] }])]],
  'RBAC-ESCALATION': [[role([{ apiGroups: [''], resources: ['users'], verbs: ['impersonate'] }], 'ClusterRole')], [role([{ apiGroups: [''], resources: ['pods'], verbs: ['list'] }])]],
  'RBAC-POD-EXEC': [[role([{ apiGroups: [''], resources: ['pods/exec'], verbs: ['create'] }]), role([{ apiGroups: [''], resources: ['serviceaccounts/token'], verbs: ['create'] }])], [role([{ apiGroups: [''], resources: ['pods/log'], verbs: ['get'] }])]],
  'RBAC-CREATE-PODS': [[role([{ apiGroups: [''], resources: ['pods'], verbs: ['create'] }])], [role([{ apiGroups: [''], resources: ['pods'], verbs: ['list', 'delete'] }])]],
  'RBAC-ANONYMOUS': [
    [{ apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRoleBinding', metadata: { name: 'b' }, roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'view' }, subjects: [{ kind: 'Group', apiGroup: 'rbac.authorization.k8s.io', name: 'system:unauthenticated' }] },
      { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'RoleBinding', metadata: { name: 'b', namespace: 'ns' }, roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'r' }, subjects: [{ kind: 'User', apiGroup: 'rbac.authorization.k8s.io', name: 'system:anonymous' }] }],
    [{ apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRoleBinding', metadata: { name: 'b' }, roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'view' }, subjects: [{ kind: 'Group', apiGroup: 'rbac.authorization.k8s.io', name: 'system:authenticated' }] }],
  ],
  'RBAC-CLUSTER-ADMIN': [[{ apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRoleBinding', metadata: { name: 'b' }, roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'cluster-admin' }, subjects: [] }], [{ apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRoleBinding', metadata: { name: 'b' }, roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'view' }, subjects: [] }]],
  'MCP-INSPECTOR-EXPOSED': [
    [deployment({ initContainers: [inspector(loopbackEnv)] }), service([{ name: 'ui', port: 6274, targetPort: 6274 }]), { apiVersion: 'networking.k8s.io/v1', kind: 'Ingress', metadata: { name: 'i', namespace: 'ns' }, spec: { rules: [{ http: { paths: [{ path: '/', pathType: 'Prefix', backend: { service: { name: 'app', port: { number: 6274 } } } }] } }] } }],
    [deployment(), service([{ name: 'http', port: 6274, targetPort: 8080 }]), service([{ name: 'ui', port: 6274, targetPort: 6274 }])],
  ],
  'MCP-INSPECTOR-PRODUCTION': [[deployment({ initContainers: [inspector(loopbackEnv)] }, undefined, { annotations: { 'cdk8s-mcp/production': 'true' } })], [deployment({ initContainers: [inspector(loopbackEnv)] })]],
  'MCP-INSPECTOR-NO-AUTH': [[deployment({ initContainers: [inspector([...loopbackEnv, { name: 'DANGEROUSLY_OMIT_AUTH', value: 'true' }])] }),
    deployment({ initContainers: [{ ...inspector(loopbackEnv), image: 'ghcr.io/modelcontextprotocol/inspector:0.13.0' }] })], [deployment({ initContainers: [inspector(loopbackEnv)] })]],
  'MCP-INSPECTOR-ALL-INTERFACES': [[deployment({ initContainers: [inspector([])] }), deployment({ initContainers: [inspector([{ name: 'HOST', value: '0.0.0.0' }])] })], [deployment({ initContainers: [inspector(loopbackEnv)] })]],
  'MCP-PORT-MISMATCH': [
    [deployment({}, [container({ ports: [{ name: 'http', containerPort: 8686 }], args: ['--port', '8080'], readinessProbe: { httpGet: { path: '/healthz', port: 8686 } } })]),
      deployment({}, [container({ readinessProbe: { tcpSocket: { port: 9090 } } })]),
      service([{ name: 'http', port: 80, targetPort: 9999 }]), deployment()],
    [deployment({}, [container({ args: ['--port=8080'] })]), service([{ name: 'http', port: 80, targetPort: 8080 }]),
      // Flag parsers take the last --port.
      deployment({}, [container({ args: ['--port', '9999', '--port', '8080'] })])],
  ],
  'MCP-SUBCOMMAND-MISSING': [
    [deployment({}, [container({ image: 'docker.io/mcp/pulumi:0.1.9', ports: [{ name: 'http', containerPort: 3000 }] })])],
    [deployment({}, [container({ image: 'docker.io/mcp/pulumi:0.1.9', args: ['http', '--port', '3000'], ports: [{ name: 'http', containerPort: 3000 }] })])],
  ],
  'MCP-KUBE-CREDENTIALS-MISSING': [
    [deployment({ automountServiceAccountToken: false }, [container({ image: 'quay.io/containers/kubernetes_mcp_server:v0.0.66' })])],
    [deployment({}, [container({ image: 'quay.io/containers/kubernetes_mcp_server:v0.0.66' })]),
      deployment({ automountServiceAccountToken: false, volumes: [{ name: 't', projected: { sources: [{ serviceAccountToken: { path: 'token' } }] } }] },
        [container({ image: 'quay.io/containers/kubernetes_mcp_server:v0.0.66', volumeMounts: [{ name: 't', mountPath: '/var/run/secrets/kubernetes.io/serviceaccount' }] })])],
  ],
  'MCP-FLAG-UNSUPPORTED': [
    [deployment({}, [container({ image: 'quay.io/containers/kubernetes_mcp_server:v0.0.54', args: ['--stateless', '--port', '8080'] })])],
    [deployment({}, [container({ image: 'quay.io/containers/kubernetes_mcp_server:v0.0.66', args: ['--stateless', '--port', '8080'] })]),
      deployment({}, [container({ image: 'ghcr.io/acme/kubernetes-mcp-server:fork', args: ['--stateless', '--port', '8080'] })])],
  ],
  'NET-POLICY-MISSING': [
    [deployment({}, [container({ image: 'quay.io/containers/kubernetes_mcp_server:v0.0.66' })]), deployment({}, undefined, { annotations: { 'cdk8s-mcp/transport': 'sse' } })],
    [deployment(), deployment({}, undefined, { annotations: { 'cdk8s-mcp/transport': 'sse' } }), { apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name: 'n', namespace: 'ns' }, spec: { podSelector: { matchLabels: { app: 'x' } }, policyTypes: ['Ingress'] } }],
  ],
  'NET-NODEPORT-SOURCE': [
    [deployment(), service(undefined, { type: 'NodePort' }), { apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name: 'n', namespace: 'ns' }, spec: { podSelector: { matchLabels: { app: 'x' } }, ingress: [{ from: [{ ipBlock: { cidr: '10.8.0.0/24' } }] }] } }],
    [deployment(), service(undefined, { type: 'NodePort', externalTrafficPolicy: 'Local' }), { apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name: 'n', namespace: 'ns' }, spec: { podSelector: { matchLabels: { app: 'x' } }, ingress: [{ from: [{ ipBlock: { cidr: '10.8.0.0/24' } }] }] } }],
  ],
  'NET-EGRESS-WIDE': [
    [{ apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name: 'n', namespace: 'ns' }, spec: { podSelector: {}, egress: [{ to: [{ ipBlock: { cidr: '0.0.0.0/0' } }], ports: [{ port: 443 }] }] } }],
    [{ apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name: 'n', namespace: 'ns' }, spec: { podSelector: {}, egress: [{ to: [{ ipBlock: { cidr: '10.0.0.1/32' } }], ports: [{ port: 443 }] }] } }],
  ],
  'RBAC-BROAD-SUBJECT': [
    [{ apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'RoleBinding', metadata: { name: 'b', namespace: 'ns' }, roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'edit' }, subjects: [{ kind: 'Group', apiGroup: 'rbac.authorization.k8s.io', name: 'system:authenticated' }] }, { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'RoleBinding', metadata: { name: 'b', namespace: 'ns' }, roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'admin' }, subjects: [{ kind: 'Group', apiGroup: 'rbac.authorization.k8s.io', name: 'system:serviceaccounts' }] }, { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'RoleBinding', metadata: { name: 'b', namespace: 'ns' }, roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'cluster-admin' }, subjects: [{ kind: 'Group', apiGroup: 'rbac.authorization.k8s.io', name: 'system:serviceaccounts:ns' }] }],
    [{ apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'RoleBinding', metadata: { name: 'b', namespace: 'ns' }, roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'view' }, subjects: [{ kind: 'Group', apiGroup: 'rbac.authorization.k8s.io', name: 'system:serviceaccounts:ns' }] }, { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'RoleBinding', metadata: { name: 'b', namespace: 'ns' }, roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'edit' }, subjects: [{ kind: 'Group', apiGroup: 'rbac.authorization.k8s.io', name: 'platform-admins' }] }],
  ],
  'RBAC-ADMISSION-WRITE': [
    [{ apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole', metadata: { name: 'w' }, rules: [{ apiGroups: ['admissionregistration.k8s.io'], resources: ['validatingwebhookconfigurations', 'validatingadmissionpolicies'], verbs: ['delete'] }] }],
    [{ apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole', metadata: { name: 'w' }, rules: [{ apiGroups: ['admissionregistration.k8s.io'], resources: ['validatingwebhookconfigurations'], verbs: ['get', 'list', 'watch'] }] }],
  ],
  'RBAC-CSR-APPROVE': [
    [{ apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole', metadata: { name: 'c' }, rules: [{ apiGroups: ['certificates.k8s.io'], resources: ['certificatesigningrequests/approval'], verbs: ['patch'] }, { apiGroups: ['certificates.k8s.io'], resources: ['signers'], resourceNames: ['kubernetes.io/kube-apiserver-client'], verbs: ['approve'] }] }],
    [{ apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole', metadata: { name: 'c' }, rules: [{ apiGroups: ['certificates.k8s.io'], resources: ['certificatesigningrequests'], verbs: ['create', 'get', 'watch'] }] }],
  ],
  'RBAC-NODE-WRITE': [
    [{ apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole', metadata: { name: 'n' }, rules: [{ apiGroups: [''], resources: ['nodes/status'], verbs: ['update'] }] }],
    [{ apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole', metadata: { name: 'n' }, rules: [{ apiGroups: [''], resources: ['nodes', 'nodes/status'], verbs: ['get', 'list', 'watch'] }] }],
  ],
  'RBAC-AGGREGATION': [
    [{ apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole', metadata: { name: 'a', labels: { 'rbac.authorization.k8s.io/aggregate-to-view': 'true' } }, rules: [{ apiGroups: [''], resources: ['configmaps'], verbs: ['get', 'update'] }] },
      { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole', metadata: { name: 'collector' }, aggregationRule: { clusterRoleSelectors: [{ matchExpressions: [{ key: 'rbac.authorization.k8s.io/aggregate-to-edit', operator: 'Exists' }] }] } }],
    [{ apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole', metadata: { name: 'a', labels: { 'rbac.authorization.k8s.io/aggregate-to-view': 'true' } }, rules: [{ apiGroups: ['example.com'], resources: ['widgets'], verbs: ['get', 'list', 'watch'] }] },
      { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole', metadata: { name: 'e', labels: { 'rbac.authorization.k8s.io/aggregate-to-edit': 'true' } }, rules: [{ apiGroups: ['example.com'], resources: ['widgets'], verbs: ['create', 'update'] }] },
      { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole', metadata: { name: 'collector' }, aggregationRule: { clusterRoleSelectors: [{ matchLabels: { 'example.com/aggregate-to-tools': 'true' } }] } }],
  ],
  'RBAC-ACTS-AS': [
    [
      { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'weak', namespace: 'a' } }, { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'strong', namespace: 'a' } },
      { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'Role', metadata: { name: 'r', namespace: 'a' }, rules: [{ apiGroups: ['apps'], resources: ['deployments'], verbs: ['create'] }] },
      { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'RoleBinding', metadata: { name: 'weak', namespace: 'a' }, roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'r' }, subjects: [{ kind: 'ServiceAccount', name: 'weak', namespace: 'a' }] },
      { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRoleBinding', metadata: { name: 'strong' }, roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'cluster-admin' }, subjects: [{ kind: 'ServiceAccount', name: 'strong', namespace: 'a' }] },
    ],
    [
      { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'weak', namespace: 'a' } }, { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'strong', namespace: 'b' } },
      { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'Role', metadata: { name: 'r', namespace: 'a' }, rules: [{ apiGroups: ['apps'], resources: ['deployments'], verbs: ['create'] }] },
      { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'RoleBinding', metadata: { name: 'weak', namespace: 'a' }, roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'r' }, subjects: [{ kind: 'ServiceAccount', name: 'weak', namespace: 'a' }] },
      { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRoleBinding', metadata: { name: 'strong' }, roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'cluster-admin' }, subjects: [{ kind: 'ServiceAccount', name: 'strong', namespace: 'b' }] },
    ],
  ],
  'NET-INGRESS-OPEN': [
    [{ apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name: 'n', namespace: 'ns' }, spec: { podSelector: {}, ingress: [{}] } }, { apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name: 'n', namespace: 'ns' }, spec: { podSelector: {}, ingress: [{ from: [{ namespaceSelector: {} }] }] } }, { apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name: 'n', namespace: 'ns' }, spec: { podSelector: {}, ingress: [{ from: [{ ipBlock: { cidr: '0.0.0.0/1' } }, { ipBlock: { cidr: '128.0.0.0/1' } }] }] } }],
    [{ apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name: 'n', namespace: 'ns' }, spec: { podSelector: {}, ingress: [{ from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'agents' } } }] }] } }, { apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name: 'n', namespace: 'ns' }, spec: { podSelector: {}, ingress: [{ from: [{ namespaceSelector: {}, podSelector: { matchLabels: { app: 'agent' } } }] }] } },
      { apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name: 'n', namespace: 'ns' }, spec: { podSelector: {}, ingress: [{ from: [{ ipBlock: { cidr: '0.0.0.0/1' } }, { ipBlock: { cidr: '128.0.0.0/2' } }] }] } }],
  ],
  'NET-EGRESS-METADATA': [
    [{ apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name: 'n', namespace: 'ns' }, spec: { podSelector: {}, egress: [{}] } }, { apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name: 'n', namespace: 'ns' }, spec: { podSelector: {}, egress: [{ to: [{ ipBlock: { cidr: '169.254.0.0/16' } }], ports: [{ port: 80 }] }] } }, { apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name: 'n', namespace: 'ns' }, spec: { podSelector: {}, egress: [{ to: [{ ipBlock: { cidr: '0.0.0.0/0', except: ['10.0.0.0/8'] } }] }] } }],
    [{ apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name: 'n', namespace: 'ns' }, spec: { podSelector: {}, egress: [{ to: [{ ipBlock: { cidr: '0.0.0.0/0' } }], ports: [{ port: 443 }] }] } }, { apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name: 'n', namespace: 'ns' }, spec: { podSelector: {}, egress: [{ to: [{ ipBlock: { cidr: '0.0.0.0/0', except: ['169.254.169.254/32'] } }] }] } }],
  ],
  'MCP-EXPOSED-NO-AUTH': [
    [{ ...deployment({}, undefined, { annotations: { 'cdk8s-mcp/production': 'true', 'cdk8s-mcp/transport': 'streamable-http' } }) }, service(undefined, { type: 'NodePort' })],
    [deployment({}, undefined, { annotations: { 'cdk8s-mcp/production': 'true', 'cdk8s-mcp/transport': 'streamable-http' } }), service(),
      { apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name: 'n', namespace: 'ns' }, spec: { podSelector: { matchLabels: { app: 'x' } }, policyTypes: ['Ingress'], ingress: [{ from: [{ podSelector: {} }] }] } }],
  ],
  'MCP-AUTH-PROXY-BYPASS': [
    [deployment({}, [authProxy('http://127.0.0.1:18080'), container({ name: 'server', image: 'quay.io/containers/kubernetes_mcp_server:v0.0.66', ports: undefined, args: ['--port', '18080'] })]),
      deployment({}, [authProxy('http://10.0.0.5:18080'), container({ name: 'server', ports: undefined })])],
    [deployment({}, [authProxy('http://127.0.0.1:18080'), container({ name: 'server', image: 'quay.io/containers/kubernetes_mcp_server:v0.0.66', ports: undefined, args: ['--bind-address', '127.0.0.1', '--port', '18080'] })])],
  ],
  // One case each way here; test/policy/kubernetes-mcp.test.ts judges every variant on its own.
  'MCP-KUBERNETES-WRITABLE': [kubeMcp(['--config', '/etc/k/config.toml'], 'read_only = false\n'), kubeMcp(['--config', '/etc/k/config.toml'], 'read_only = true\n')],
  'MCP-KUBECONFIG-TOOL': [kubeMcp(['--read-only', '--config', '/etc/k/config.toml'], 'disabled_tools = []\n'), kubeMcp(['--read-only', '--config', '/etc/k/config.toml'], 'disabled_tools = ["configuration_view"]\n')],
  'MCP-SSE-TRANSPORT': [[deployment({}, undefined, { annotations: { 'cdk8s-mcp/transport': 'sse' } })], [deployment({}, undefined, { annotations: { 'cdk8s-mcp/transport': 'streamable-http' } })]],
  'MCP-KUBECONFIG-FLAGS': [
    [deployment({}, [container({ image: 'quay.io/containers/kubernetes_mcp_server:v0.0.50', args: ['--kubeconfig', '/kube/config'] })])],
    [deployment({}, [container({ image: 'quay.io/containers/kubernetes_mcp_server:v0.0.50', args: ['--kubeconfig', '/kube/config', '--cluster-provider', 'kubeconfig'] })]),
      deployment({}, [container({ image: 'quay.io/containers/kubernetes_mcp_server:v0.0.50' })])],
  ],
  'MCP-STATEFUL-REPLICAS': [
    [deployment({}, undefined, { annotations: { 'cdk8s-mcp/transport': 'sse' } }, 2), service(),
      deployment({}, [container({ image: 'quay.io/containers/kubernetes_mcp_server:v0.0.50' })], {}, 3)],
    [deployment({}, undefined, { annotations: { 'cdk8s-mcp/transport': 'sse' } }, 2), service(undefined, { sessionAffinity: 'ClientIP' }),
      deployment({}, [container({ image: 'quay.io/containers/kubernetes_mcp_server:v0.0.50', args: ['--stateless'] })], { name: 'k' }, 3)],
  ],
  'WAIVER-INVALID': [[deployment({}, undefined, { annotations: { 'cdk8s-mcp/waivers': 'not json' } })], [deployment({}, undefined, { annotations: { 'cdk8s-mcp/waivers': '[]' } })]],
  'WAIVER-NO-REASON': [[deployment({}, undefined, { annotations: { 'cdk8s-mcp/waivers': '[{"rule":"HYG-PROBES"}]' } })], [deployment({}, undefined, { annotations: { 'cdk8s-mcp/waivers': '[{"rule":"HYG-PROBES","reason":"r"}]' } })]],
  'WAIVER-UNKNOWN-RULE': [[deployment({}, undefined, { annotations: { 'cdk8s-mcp/waivers': '[{"rule":"HYG-PROBE","reason":"typo"}]' } })], [deployment({}, undefined, { annotations: { 'cdk8s-mcp/waivers': '[{"rule":"HYG-PROBES","reason":"r"}]' } })]],
};

const run = (objects: Manifest[]) => evaluate(objects.map((object, index) => ({ object, index, file: 'test.yaml' })));

describe('every rule', () => {
  test('has a test case', () => {
    expect(Object.keys(CASES).sort()).toEqual(ALL_RULES.map((r) => r.id).sort());
    // The leaf list environment files are validated against (waivers) names exactly these rules.
    expect([...RULE_IDS]).toEqual(ALL_RULES.map((r) => r.id));
  });

  test.each(Object.entries(CASES))('%s flags what it must and passes what it may', (id, [bad, good]) => {
    // Each failing object is judged in a run with the others, so cross-object rules see their peers.
    expect(run(bad).filter((f) => f.rule === id).length).toBeGreaterThanOrEqual(1);
    expect(run(good).filter((f) => f.rule === id)).toEqual([]);
  });

  test('has documentation: title, why and fix', () => {
    for (const rule of ALL_RULES) {
      expect(rule.title.length).toBeGreaterThan(10);
      expect(rule.why.length).toBeGreaterThan(10);
      expect(rule.fix.length).toBeGreaterThan(5);
    }
  });
});

describe('waivers', () => {
  test('mark findings as waived with their reason, and waived errors do not fail', () => {
    const obj = role([{ apiGroups: [''], resources: ['secrets'], verbs: ['list'] }], 'ClusterRole');
    obj.metadata.annotations = { 'cdk8s-mcp/waivers': JSON.stringify([{ rule: 'RBAC-SECRETS-READ-CLUSTER', reason: 'broad now, tighten later' }]) };
    const [finding] = run([obj]).filter((f) => f.rule === 'RBAC-SECRETS-READ-CLUSTER');
    expect(finding.waived).toBe('broad now, tighten later');
  });

  test('without a reason do not waive', () => {
    const obj = role([{ apiGroups: [''], resources: ['secrets'], verbs: ['list'] }], 'ClusterRole');
    obj.metadata.annotations = { 'cdk8s-mcp/waivers': JSON.stringify([{ rule: 'RBAC-SECRETS-READ-CLUSTER', reason: ' ' }]) };
    const findings = run([obj]);
    expect(findings.find((f) => f.rule === 'RBAC-SECRETS-READ-CLUSTER')!.waived).toBeUndefined();
    expect(findings.map((f) => f.rule)).toContain('WAIVER-NO-REASON');
  });
});

describe('examples in docs/rules.md', () => {
  const parseAll = (text: string) => parseAllDocuments(text).map((d) => d.toJS());
  test.each(ALL_RULES.filter((r) => r.examples).map((r) => [r.id, r.examples!]))('%s flags its failing example and passes the fixed one', (id, examples) => {
    expect(run(parseAll(examples.fails)).filter((f) => f.rule === id).length).toBeGreaterThan(0);
    expect(run(parseAll(examples.passes)).filter((f) => f.rule === id)).toEqual([]);
  });
});

test('MCP-INSPECTOR-NO-AUTH flags an Inspector release without authentication on its own', () => {
  const old = deployment({ initContainers: [{ ...inspector(loopbackEnv), image: 'ghcr.io/modelcontextprotocol/inspector:0.13.0' }] });
  expect(run([old]).filter((f) => f.rule === 'MCP-INSPECTOR-NO-AUTH').map((f) => f.message)).toEqual([
    'container "mcp-inspector" runs Inspector 0.13.0, a release without authentication (0.14.1 added it)',
  ]);
});

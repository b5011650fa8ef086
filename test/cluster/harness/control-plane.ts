import { ChildProcess, execFileSync, spawn, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as net from 'net';
import * as os from 'os';
import * as path from 'path';
import { readInstalled } from '../../pods/harness/installed';

/*
 * A Kubernetes control plane on loopback for the e2e tests: etcd, kube-apiserver and,
 * when built, kube-controller-manager and kube-scheduler, from test/cluster/components
 * (built by scripts/install-test-cluster). Certificates are made with openssl in a temp
 * directory; every process is ended and the directory removed by stop(), also on failure.
 * MCP_E2E_KUBECONFIG=<file> uses any cluster instead.
 */

/** What scripts/install-test-cluster wrote: the binaries it built. */
export interface ClusterBinaries {
  readonly etcd: string;
  readonly kubeApiserver: string;
  readonly kubeControllerManager?: string;
  readonly kubeScheduler?: string;
  readonly kwok?: string;
  /** kwok's Stage objects (node and pod lifecycles), from the pinned kwok module. */
  readonly kwokStages?: string;
}

/** The built binaries, or why there are none. */
export function clusterBinaries(): ClusterBinaries | { missing: string } {
  return readInstalled<ClusterBinaries>('test-cluster', 'cluster.json', 'scripts/install-test-cluster');
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Distinct free loopback ports: all listeners stay open until every port is chosen, so none repeats. */
export async function freePorts(count: number): Promise<number[]> {
  const servers = await Promise.all(Array.from({ length: count }, () => new Promise<net.Server>((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve(server));
  })));
  const ports = servers.map((s) => (s.address() as net.AddressInfo).port);
  await Promise.all(servers.map((s) => new Promise((r) => s.close(r))));
  return ports;
}

function openssl(dir: string, ...args: string[]): void {
  execFileSync('openssl', args, { cwd: dir, stdio: 'ignore' });
}

/** A CA, the API server's serving certificate, an admin client certificate and the ServiceAccount signing key. */
function makeCertificates(dir: string, address: string): void {
  const ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];
  openssl(dir, 'req', '-x509', ...ec, '-days', '2', '-subj', '/CN=cdk8s-mcp-test-ca', '-keyout', 'ca.key', '-out', 'ca.crt');
  const sign = (name: string, subject: string, ext: string) => {
    fs.writeFileSync(path.join(dir, `${name}.ext`), ext);
    openssl(dir, 'req', ...ec, '-subj', subject, '-keyout', `${name}.key`, '-out', `${name}.csr`);
    openssl(dir, 'x509', '-req', '-in', `${name}.csr`, '-CA', 'ca.crt', '-CAkey', 'ca.key', '-CAcreateserial', '-days', '2', '-extfile', `${name}.ext`, '-out', `${name}.crt`);
  };
  sign('apiserver', '/CN=kube-apiserver', `subjectAltName=IP:${address},IP:10.96.0.1,DNS:localhost,DNS:kubernetes.default.svc\nextendedKeyUsage=serverAuth\n`);
  sign('admin', '/O=system:masters/CN=cdk8s-mcp-test-admin', 'extendedKeyUsage=clientAuth\n');
  openssl(dir, 'ecparam', '-genkey', '-name', 'prime256v1', '-noout', '-out', 'sa.key');
  openssl(dir, 'ec', '-in', 'sa.key', '-pubout', '-out', 'sa.pub');
}

function kubeconfig(dir: string, address: string, port: number): string {
  const file = path.join(dir, 'admin.kubeconfig');
  fs.writeFileSync(file, [
    'apiVersion: v1', 'kind: Config',
    'clusters:', `- name: test`, '  cluster:', `    server: https://${address}:${port}`, `    certificate-authority: ${dir}/ca.crt`,
    'users:', '- name: admin', '  user:', `    client-certificate: ${dir}/admin.crt`, `    client-key: ${dir}/admin.key`,
    'contexts:', '- name: test', '  context: {cluster: test, user: admin}', 'current-context: test', '',
  ].join('\n'));
  return file;
}

export interface ControlPlaneOptions {
  /**
   * Run etcd and kube-apiserver only, inside this network namespace (`nsenter --net=<it>`),
   * as a pod test's own API server; kubectl runs there too.
   * @default - this machine's network, with the other components
   */
  readonly netns?: string;

  /**
   * The address the API server binds and advertises.
   * @default "127.0.0.1"
   */
  readonly address?: string;

  /**
   * An AuthenticationConfiguration (apiserver.config.k8s.io) for `--authentication-config`:
   * JWT issuers the API server trusts besides client certificates and ServiceAccount tokens.
   * @default - none
   */
  readonly authenticationConfig?: string;

  /**
   * With `netns`: also run kwok, so pods bound to its fake nodes report Running (there is
   * still no kubelet: logs and exec fail).
   * @default false
   */
  readonly kwok?: boolean;

  /**
   * Where `kubectl port-forward` to a pod goes: kwok serves the kubelet's port-forward API on
   * 127.0.0.1 and, for every pod, sends each of these pod ports to a local address (a
   * kwok ClusterPortForward). The API server reaches kwok as the fake node's kubelet.
   * @default - no port-forward (the API server has no kubelet to reach)
   */
  readonly portForwards?: ReadonlyArray<{ readonly podPort: number; readonly address: string; readonly port: number }>;

  /**
   * The API server's port: 443 where a client calls it by the Service name only
   * (kubernetes-mcp-server in-cluster).
   * @default - a free port
   */
  readonly port?: number;
}

/** A running control plane (or an external cluster), reached through `kubeconfig`. */
export class ControlPlane {
  private readonly processes: Array<{ name: string; child: ChildProcess; log: string[] }> = [];
  public kubeconfig = '';
  public readonly dir: string;
  /** The API server's port, once started. */
  public apiPort = 0;
  /** How a command is started in the control plane's network. */
  private readonly wrap: string[];

  private constructor(private readonly binaries: ClusterBinaries | undefined, private readonly options: ControlPlaneOptions = {}) {
    this.dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk8s-mcp-test-cluster-'));
    this.wrap = options.netns ? ['nsenter', `--net=${options.netns}`, '--'] : [];
  }

  /** The cluster CA (it signs the API server's certificate). */
  public get caFile(): string {
    return path.join(this.dir, 'ca.crt');
  }

  /** The address the API server listens on. */
  public get address(): string {
    return this.options.address ?? '127.0.0.1';
  }

  /**
   * Whether Deployments can roll out: on our control plane with kwok nodes. On another
   * cluster the shipped images (a private registry's among them) need not be pullable.
   */
  public get runsPods(): boolean {
    const b = this.binaries;
    return b !== undefined && !this.options.netns && Boolean(b.kubeControllerManager && b.kubeScheduler && b.kwok && b.kwokStages);
  }

  /** Starts etcd and kube-apiserver (and the rest when built) and waits until the API server is ready. */
  public static async start(binaries: ClusterBinaries, options: ControlPlaneOptions = {}): Promise<ControlPlane> {
    // A port chosen free can be taken (by another test's outgoing connection) before the server binds it: start anew.
    for (let attempt = 1; ; attempt++) {
      const plane = new ControlPlane(binaries, options);
      try {
        await plane.run(binaries);
        return plane;
      } catch (err) {
        await plane.stop();
        if (attempt >= 3 || !/address already in use/.test(String((err as Error).message))) throw err;
      }
    }
  }

  /**
   * An existing cluster (MCP_E2E_KUBECONFIG). stop() leaves it running, but removes what
   * the tests made (the namespaces they use and our cluster-scoped objects), so each test
   * starts from an empty cluster as it would on ours.
   */
  public static external(file: string, namespaces: readonly string[] = []): ControlPlane {
    const plane = new ControlPlane(undefined);
    plane.kubeconfig = file;
    plane.cleanup = () => {
      plane.kubectl(['delete', 'namespace', '--ignore-not-found', '--wait=true', ...namespaces]);
      plane.kubectl(['delete', 'clusterroles,clusterrolebindings', '-l', 'app.kubernetes.io/managed-by=cdk8s-mcp', '--ignore-not-found']);
    };
    return plane;
  }

  private cleanup: () => void = () => undefined;

  private spawn(name: string, command: string, args: string[], env: Record<string, string> = {}): void {
    const [program, ...rest] = [...this.wrap, command, ...args];
    const child = spawn(program, rest, { cwd: this.dir, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...env } });
    const log: string[] = [];
    const keep = (chunk: Buffer) => { log.push(chunk.toString()); if (log.length > 200) log.shift(); };
    child.stdout!.on('data', keep);
    child.stderr!.on('data', keep);
    this.processes.push({ name, child, log });
  }

  private async run(b: ClusterBinaries): Promise<void> {
    makeCertificates(this.dir, this.address);
    const [etcdPort, peerPort, apiPort, kubeletPort] = await freePorts(4);
    this.apiPort = this.options.port ?? apiPort;
    this.kubeletPort = kubeletPort;
    const d = this.dir;
    this.spawn('etcd', b.etcd, [
      '--name', 'test', '--data-dir', `${d}/etcd`, '--unsafe-no-fsync', '--log-level', 'error',
      '--listen-client-urls', `http://127.0.0.1:${etcdPort}`, '--advertise-client-urls', `http://127.0.0.1:${etcdPort}`,
      '--listen-peer-urls', `http://127.0.0.1:${peerPort}`, '--initial-advertise-peer-urls', `http://127.0.0.1:${peerPort}`,
      '--initial-cluster', `test=http://127.0.0.1:${peerPort}`,
    ]);
    this.spawn('kube-apiserver', b.kubeApiserver, [
      `--etcd-servers=http://127.0.0.1:${etcdPort}`, `--bind-address=${this.address}`, `--secure-port=${this.apiPort}`, `--advertise-address=${this.address}`,
      ...(this.options.authenticationConfig ? [`--authentication-config=${this.options.authenticationConfig}`] : []),
      // kwok's fake nodes have a hostname nothing resolves; their InternalIP is 127.0.0.1.
      ...(this.options.portForwards ? ['--kubelet-preferred-address-types=InternalIP'] : []),
      `--tls-cert-file=${d}/apiserver.crt`, `--tls-private-key-file=${d}/apiserver.key`, `--client-ca-file=${d}/ca.crt`,
      '--service-account-issuer=https://kubernetes.default.svc.cluster.local', `--service-account-key-file=${d}/sa.pub`, `--service-account-signing-key-file=${d}/sa.key`,
      '--service-cluster-ip-range=10.96.0.0/16', '--authorization-mode=Node,RBAC',
      // As real clusters do: privileged pods are allowed by the API server and governed by Pod Security admission.
      '--allow-privileged=true',
      // The kubernetes Service's endpoint would be a loopback address, which Endpoints refuse.
      '--endpoint-reconciler-type=none', `--cert-dir=${d}/certs`, '--profiling=false', '--v=0',
    ]);
    this.kubeconfig = kubeconfig(d, this.address, this.apiPort);
    await this.waitReady();
    if (this.options.netns) {
      if (this.options.kwok) this.startKwok(b);
      return;
    }
    if (b.kubeControllerManager) {
      this.spawn('kube-controller-manager', b.kubeControllerManager, [
        `--kubeconfig=${this.kubeconfig}`, '--leader-elect=false', '--bind-address=127.0.0.1', '--secure-port=0',
        `--service-account-private-key-file=${d}/sa.key`, `--root-ca-file=${d}/ca.crt`,
        `--cluster-signing-cert-file=${d}/ca.crt`, `--cluster-signing-key-file=${d}/ca.key`, '--use-service-account-credentials=false',
        '--controllers=*,-nodeipam,-cloud-node-lifecycle,-service-lb-controller,-persistentvolume-binder,-attachdetach,-persistentvolume-expander,-ephemeral-volume,-resourceclaim-controller',
      ]);
    }
    if (b.kubeScheduler) {
      this.spawn('kube-scheduler', b.kubeScheduler, [`--kubeconfig=${this.kubeconfig}`, '--leader-elect=false', '--bind-address=127.0.0.1', '--secure-port=0']);
    }
    this.startKwok(b);
  }

  private startKwok(b: ClusterBinaries): void {
    if (b.kwok && b.kwokStages) {
      // Pod IPs kwok writes into pod status are only status: no traffic goes to them.
      this.spawn('kwok', b.kwok, [
        `--kubeconfig=${this.kubeconfig}`, `--config=${b.kwokStages}`, '--manage-nodes-with-annotation-selector=kwok.x-k8s.io/node=fake', '--node-ip=127.0.0.1',
        ...this.kubeletArgs(),
      ]);
    }
  }

  /** The port kwok serves the kubelet API on, when portForwards asks for it. */
  private kubeletPort = 0;

  /**
   * kwok as the fake nodes' kubelet, on 127.0.0.1 only, with the API server's certificate
   * (the API server does not verify a kubelet's), and the forwards as a ClusterPortForward.
   * @see https://github.com/kubernetes-sigs/kwok/blob/v0.8.0/pkg/kwok/server/debugging_port_forword.go
   */
  private kubeletArgs(): string[] {
    if (!this.options.portForwards) return [];
    const config = path.join(this.dir, 'port-forwards.yaml');
    fs.writeFileSync(config, JSON.stringify({
      apiVersion: 'kwok.x-k8s.io/v1alpha1', kind: 'ClusterPortForward', metadata: { name: 'test' },
      spec: { forwards: this.options.portForwards.map((f) => ({ ports: [f.podPort], target: { address: f.address, port: f.port } })) },
    }));
    return [
      `--config=${config}`, `--node-port=${this.kubeletPort}`, `--server-address=127.0.0.1:${this.kubeletPort}`,
      `--tls-cert-file=${this.dir}/apiserver.crt`, `--tls-private-key-file=${this.dir}/apiserver.key`,
    ];
  }

  private async waitReady(): Promise<void> {
    const deadline = Date.now() + 60_000;
    while (Date.now() < deadline) {
      const dead = this.processes.find((p) => p.child.exitCode !== null);
      if (dead) throw new Error(`${dead.name} exited with code ${dead.child.exitCode}:\n${dead.log.join('').slice(-3000)}`);
      if (this.kubectl(['get', '--raw', '/readyz', '--request-timeout=2s']).status === 0) return;
      await sleep(250);
    }
    throw new Error(`kube-apiserver not ready after 60 s:\n${this.processes.map((p) => `${p.name}: ${p.log.join('').slice(-1500)}`).join('\n')}`);
  }

  /** Runs kubectl against this cluster; returns status, stdout and stderr. */
  public kubectl(args: string[], input?: string): { status: number; stdout: string; stderr: string } {
    const [program, ...rest] = [...this.wrap, 'kubectl', '--kubeconfig', this.kubeconfig, ...args];
    const run = spawnSync(program, rest, { input, encoding: 'utf8', timeout: 120_000 });
    return { status: run.status ?? 1, stdout: run.stdout, stderr: run.stderr };
  }

  /** Runs kubectl with a bearer token as its only credential: what the API server makes of that token. */
  public kubectlWithToken(token: string, args: string[]): { status: number; stdout: string; stderr: string } {
    const file = path.join(this.dir, 'token.kubeconfig');
    fs.writeFileSync(file, [
      'apiVersion: v1', 'kind: Config',
      'clusters:', '- name: test', '  cluster:', `    server: https://${this.address}:${this.apiPort}`, `    certificate-authority: ${this.caFile}`,
      'users:', '- name: bearer', '  user:', `    token: ${JSON.stringify(token)}`,
      'contexts:', '- name: test', '  context: {cluster: test, user: bearer}', 'current-context: test', '',
    ].join('\n'), { mode: 0o600 });
    const [program, ...rest] = [...this.wrap, 'kubectl', '--kubeconfig', file, ...args];
    const run = spawnSync(program, rest, { encoding: 'utf8', timeout: 60_000 });
    return { status: run.status ?? 1, stdout: run.stdout, stderr: run.stderr };
  }

  /** The last lines a component logged, for messages. */
  public logOf(name: string): string {
    return this.processes.find((p) => p.name === name)?.log.join('').slice(-3000) ?? '';
  }

  /** Ends every process (API server first, etcd last) and removes the directory. */
  public async stop(): Promise<void> {
    this.cleanup();
    for (const p of [...this.processes].reverse()) {
      if (p.child.exitCode === null && p.child.signalCode === null) {
        const exited = new Promise((r) => p.child.once('exit', r));
        p.child.kill('SIGTERM');
        let timer: NodeJS.Timeout | undefined;
        await Promise.race([exited, new Promise((r) => { timer = setTimeout(r, 5000); })]);
        clearTimeout(timer);
        if (p.child.exitCode === null && p.child.signalCode === null) {
          p.child.kill('SIGKILL');
          await exited;
        }
      }
    }
    this.processes.length = 0;
    fs.rmSync(this.dir, { recursive: true, force: true });
  }
}

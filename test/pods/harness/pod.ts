import { ChildProcess, execFileSync, spawn } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as readline from 'readline';
import { expandVariables } from '../../../src/images';
import { Manifest } from '../../../src/policy/manifest';
import { InstalledPrograms, LocalImage, localImage } from './programs';
import { bwrapArgs, ContainerMount, SYSTEM_CA_BUNDLE } from './sandbox';
import { HostVolume, makeCa, makeVolume, secretValue } from './volumes';

/*
 * Runs the pod of a rendered Deployment on this machine as a kubelet would: a network
 * namespace of its own (loopback only; the pod address is 127.0.0.2), volumes, init
 * containers to completion in order, native sidecars, then the main containers, each in a
 * bubblewrap sandbox with the real upstream program. Probes and clients run inside the
 * pod's network namespace. `stop()` ends every process and removes every file.
 */

/** The pod's address inside its network namespace: 127.0.0.1 is its loopback, this is what the kubelet and Services reach. */
export const POD_ADDRESS = '127.0.0.2';
/** The project root (this file also runs compiled, from lib/test/pods/harness/). */
const ROOT = (() => {
  let dir = __dirname;
  while (!fs.existsSync(path.join(dir, 'test', 'pods', 'harness', 'netns-client.js'))) dir = path.dirname(dir);
  return dir;
})();
const CLIENT = path.join(ROOT, 'test', 'pods', 'harness', 'netns-client.js');

export interface PodOptions {
  /** Every object rendered with the Deployment (ConfigMaps are read from here). */
  readonly objects: readonly Manifest[];
  readonly deployment: Manifest;
  /** Where KUBERNETES_SERVICE_HOST/PORT point. @default a closed port on the pod's loopback */
  readonly apiServer?: ApiServerAddress;
  /**
   * Runs once the pod's network and helpers are up, before its volumes and containers: to
   * start an API server in the pod's network (`useApiServer`), say.
   * @default - nothing
   */
  readonly beforeContainers?: (pod: Pod) => Promise<void>;
  /** How long to wait for an init container, a probe or a listener. @default 20000 */
  readonly timeoutMs?: number;
  /**
   * Programs started in the pod's network namespace before any container, as other hosts
   * the pod reaches would be (an OpenID provider on 127.0.0.5, say); ended with the pod.
   * Each one's first line of output is waited for: `helperOutput(i)`.
   */
  readonly helpers?: ReadonlyArray<readonly string[]>;
  /**
   * More addresses of the pod's loopback (where helpers listen), e.g. 198.18.0.5 for a host
   * a program must not take for a private one; they exist only inside the pod's namespace.
   */
  readonly addresses?: readonly string[];
  /**
   * A CA certificate (PEM) the pod's containers and the test client trust besides this
   * machine's, as if a public CA had signed a helper's certificate.
   */
  readonly trustedCa?: string;
}

/** An API server the pod's containers reach, and the CA its certificate is signed by (the pod's kube-root-ca.crt). */
export interface ApiServerAddress {
  readonly host: string;
  readonly port: number;
  /** @default - a CA made for the pod, which signs nothing */
  readonly caFile?: string;
  /** The ServiceAccount token that API server issued for the pod (TokenRequest). @default - a stand-in */
  readonly serviceAccountToken?: string;
}

interface RunningContainer {
  readonly spec: Manifest;
  readonly process: ChildProcess;
  readonly mounts: readonly ContainerMount[];
  log: string;
  exit?: { code: number | null; signal: NodeJS.Signals | null };
}

/** What the kubelet would report for a container it cannot start. */
export class PodFailure extends Error {}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export class Pod {
  /** Containers that did not run, with the reason (no local program). */
  public readonly skipped: Array<{ container: string; reason: string }> = [];
  public readonly dir: string;
  public readonly namespace: string;
  public readonly name: string;
  private readonly containers = new Map<string, RunningContainer>();
  private readonly volumes = new Map<string, HostVolume>();
  /** Every container's mounts, also of containers that did not run (to check what they would see). */
  private readonly mountTable = new Map<string, readonly ContainerMount[]>();
  private readonly processes: ChildProcess[] = [];
  private pause?: ChildProcess;
  private client?: { process: ChildProcess; pending: Map<number, (v: any) => void>; next: number };
  private readonly helperLines: string[] = [];
  private readonly timeoutMs: number;
  private apiServer?: ApiServerAddress;

  private constructor(private readonly programs: InstalledPrograms, private readonly options: PodOptions) {
    this.dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk8s-mcp-test-pod-'));
    fs.chmodSync(this.dir, 0o755);
    this.namespace = options.deployment.metadata?.namespace ?? 'default';
    this.name = `${options.deployment.metadata?.name}-0`;
    this.timeoutMs = options.timeoutMs ?? 20000;
    this.apiServer = options.apiServer;
  }

  /** Points KUBERNETES_SERVICE_HOST/PORT and kube-root-ca.crt at this API server (from `beforeContainers`). */
  public useApiServer(address: ApiServerAddress): void {
    this.apiServer = address;
  }

  /** Starts the pod: network, volumes, init containers, sidecars, containers. Stops it again on failure. */
  public static async start(programs: InstalledPrograms, options: PodOptions): Promise<Pod> {
    const pod = new Pod(programs, options);
    try {
      await pod.run();
      return pod;
    } catch (err) {
      await pod.stop();
      throw err;
    }
  }

  private get podSpec(): Manifest {
    return this.options.deployment.spec.template.spec;
  }

  /** The pod's network namespace, for `nsenter --net=<it>`. */
  public get networkNamespace(): string {
    return `/proc/${this.pause!.pid}/ns/net`;
  }

  private get netns(): string {
    return `--net=${this.networkNamespace}`;
  }

  private async run(): Promise<void> {
    await this.startNetwork();
    this.startClient();
    for (const argv of this.options.helpers ?? []) this.helperLines.push(await this.startHelper(argv));
    await this.options.beforeContainers?.(this);
    const caFile = this.apiServer?.caFile ?? makeCa(this.dir);
    for (const volume of this.podSpec.volumes ?? []) {
      this.volumes.set(volume.name, makeVolume({
        dir: this.dir, namespace: this.namespace, podName: this.name, objects: this.options.objects,
        fsGroup: this.podSpec.securityContext?.fsGroup, caFile, serviceAccountToken: this.apiServer?.serviceAccountToken,
      }, volume));
    }
    for (const init of this.podSpec.initContainers ?? []) {
      if (init.restartPolicy === 'Always') {
        if (this.startContainer(init) && init.startupProbe) await this.waitForProbe(init.name, 'startupProbe');
      } else if (this.startContainer(init)) {
        await this.waitUntilDone(init.name);
      }
    }
    for (const container of this.podSpec.containers) this.startContainer(container);
  }

  private async startNetwork(): Promise<void> {
    this.pause = this.track(spawn('unshare', ['--net', '--', 'sleep', 'infinity'], { stdio: 'ignore' }));
    const host = fs.readlinkSync('/proc/self/ns/net');
    for (let i = 0; i < 100; i++) {
      try {
        if (fs.readlinkSync(`/proc/${this.pause.pid}/ns/net`) !== host) break;
      } catch { /* not started yet */ }
      await sleep(10);
    }
    execFileSync('nsenter', [this.netns, 'ip', 'link', 'set', 'lo', 'up']);
    for (const address of this.options.addresses ?? []) execFileSync('nsenter', [this.netns, 'ip', 'addr', 'add', `${address}/32`, 'dev', 'lo']);
  }

  /**
   * With an API server of the test's own, /etc/hosts answers for kubernetes.default.svc as
   * the cluster's DNS would (kubernetes-mcp-server calls it by that name in-cluster).
   */
  private get hostsFile(): string | undefined {
    if (!this.apiServer) return undefined;
    const file = path.join(this.dir, 'hosts');
    if (!fs.existsSync(file)) {
      fs.writeFileSync(file, `127.0.0.1 localhost\n${this.apiServer.host} kubernetes.default.svc.cluster.local kubernetes.default.svc kubernetes.default kubernetes\n`, { mode: 0o644 });
    }
    return file;
  }

  /** The machine's CA bundle plus the trusted test CA, for the containers' trust store. */
  private get trustStore(): string | undefined {
    if (!this.options.trustedCa) return undefined;
    const bundle = path.join(this.dir, 'ca-certificates.crt');
    if (!fs.existsSync(bundle)) {
      fs.writeFileSync(bundle, `${fs.existsSync(SYSTEM_CA_BUNDLE) ? fs.readFileSync(SYSTEM_CA_BUNDLE, 'utf8') : ''}\n${fs.readFileSync(this.options.trustedCa, 'utf8')}`, { mode: 0o644 });
    }
    return bundle;
  }

  private startClient(): void {
    const env = this.options.trustedCa ? { ...globalThis.process.env, NODE_EXTRA_CA_CERTS: this.options.trustedCa } : globalThis.process.env;
    const process = this.track(spawn('nsenter', [this.netns, '--', globalThis.process.execPath, CLIENT], { cwd: ROOT, env, stdio: ['pipe', 'pipe', 'inherit'] }));
    const pending = new Map<number, (v: any) => void>();
    readline.createInterface({ input: process.stdout! }).on('line', (line) => {
      const answer = JSON.parse(line);
      pending.get(answer.id)?.(answer);
      pending.delete(answer.id);
    });
    this.client = { process, pending, next: 1 };
  }

  /** Starts a helper in the pod's network namespace and waits for its first line of output. */
  private startHelper(argv: readonly string[]): Promise<string> {
    const child = this.track(spawn('nsenter', [this.netns, '--', ...argv], { stdio: ['ignore', 'pipe', 'pipe'] }));
    let err = '';
    child.stderr!.on('data', (chunk: Buffer) => { err += chunk.toString(); });
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new PodFailure(`helper ${argv[0]} printed nothing within ${this.timeoutMs} ms: ${err}`)), this.timeoutMs);
      readline.createInterface({ input: child.stdout! }).once('line', (line) => { clearTimeout(timer); resolve(line); });
      child.once('exit', (code) => { clearTimeout(timer); reject(new PodFailure(`helper ${argv[0]} exited with ${code}: ${err}`)); });
    });
  }

  /** The first line a helper (PodOptions `helpers`) printed. */
  public helperOutput(index: number): string {
    return this.helperLines[index];
  }

  /** Runs a request of netns-client.js inside the pod's network namespace. */
  public call<T = any>(op: 'tcp' | 'http' | 'mcp' | 'oauth', args: Record<string, unknown>): Promise<T> {
    const client = this.client!;
    const id = client.next++;
    return new Promise((resolve, reject) => {
      client.pending.set(id, (answer) => (answer.error ? reject(new Error(answer.error)) : resolve(answer.result)));
      client.process.stdin!.write(`${JSON.stringify({ id, op, ...args })}\n`);
    });
  }

  private track(child: ChildProcess): ChildProcess {
    this.processes.push(child);
    return child;
  }

  /** The container's env as the kubelet builds it: image ENV, service variables, then its own env with $(VAR) expanded. */
  private environment(image: LocalImage, container: Manifest): Record<string, string> {
    const api = this.apiServer ?? { host: '127.0.0.1', port: 1 };
    const env: Record<string, string> = {
      ...image.env, HOSTNAME: this.name,
      KUBERNETES_SERVICE_HOST: api.host, KUBERNETES_SERVICE_PORT: String(api.port),
    };
    for (const e of container.env ?? []) {
      if (e.value !== undefined) env[e.name] = expandVariables(String(e.value), env);
      else if (e.valueFrom?.secretKeyRef) env[e.name] = secretValue(e.valueFrom.secretKeyRef.name, e.valueFrom.secretKeyRef.key);
      else if (e.valueFrom?.configMapKeyRef) {
        const cm = this.options.objects.find((o) => o.kind === 'ConfigMap' && o.metadata?.name === e.valueFrom.configMapKeyRef.name);
        env[e.name] = cm?.data?.[e.valueFrom.configMapKeyRef.key] ?? `test-value-of-${e.valueFrom.configMapKeyRef.name}-${e.valueFrom.configMapKeyRef.key}`;
      } else if (e.valueFrom?.fieldRef) env[e.name] = e.valueFrom.fieldRef.fieldPath === 'metadata.namespace' ? this.namespace : this.name;
      else env[e.name] = '';
    }
    return env;
  }

  /** The uid the kubelet would run the container as, or the error it would report. */
  private identity(image: LocalImage, container: Manifest): { uid: number; gid: number; groups: number[] } {
    const pod = this.podSpec.securityContext ?? {};
    const sc = container.securityContext ?? {};
    const runAsNonRoot = sc.runAsNonRoot ?? pod.runAsNonRoot;
    const [imageUser, imageGroup] = (image.layout.user ?? '0').split(':');
    let uid = sc.runAsUser ?? pod.runAsUser;
    if (uid === undefined) {
      if (!/^\d+$/.test(imageUser)) {
        if (runAsNonRoot) throw new PodFailure(`container "${container.name}": CreateContainerConfigError: container has runAsNonRoot and image has non-numeric user (${imageUser}), cannot verify user is non-root`);
        throw new PodFailure(`container "${container.name}": image user "${imageUser}" is a name; the harness needs a numeric runAsUser`);
      }
      uid = Number(imageUser);
    }
    if (runAsNonRoot && uid === 0) throw new PodFailure(`container "${container.name}": CreateContainerConfigError: container has runAsNonRoot and image will run as root`);
    const gid = sc.runAsGroup ?? pod.runAsGroup ?? Number(imageGroup ?? 0);
    const groups = [...(pod.fsGroup !== undefined ? [pod.fsGroup] : []), ...(pod.supplementalGroups ?? [])];
    return { uid, gid, groups };
  }

  private mountsOf(container: Manifest): ContainerMount[] {
    return (container.volumeMounts ?? []).map((m: Manifest) => {
      const volume = this.volumes.get(m.name);
      if (!volume) throw new PodFailure(`container "${container.name}": volume "${m.name}" not found`);
      const hostPath = m.subPath ? path.join(volume.dir, m.subPath) : volume.dir;
      if (m.subPath && !fs.existsSync(hostPath)) fs.mkdirSync(hostPath, { recursive: true, mode: 0o777 });
      return { hostPath, mountPath: m.mountPath, readOnly: Boolean(m.readOnly) || !volume.writable };
    });
  }

  /** Starts one container; false when it has no local program (recorded in `skipped`). */
  private startContainer(container: Manifest): boolean {
    const mounts = this.mountsOf(container);
    this.mountTable.set(container.name, mounts);
    const found = localImage(this.programs, container.image);
    if ('skip' in found) {
      this.skipped.push({ container: container.name, reason: found.skip });
      return false;
    }
    const image = found.image;
    const env = this.environment(image, container);
    const words: string[] = container.command !== undefined
      ? [...container.command, ...(container.args ?? [])]
      : [...image.layout.entrypoint, ...(container.args ?? image.layout.cmd)];
    const argv = words.map((w) => expandVariables(String(w), env));
    const sc = container.securityContext ?? {};
    const args = bwrapArgs(this.programs, {
      image, argv, env, mounts, ...this.identity(image, container),
      readOnlyRoot: sc.readOnlyRootFilesystem === true,
      noNewPrivileges: sc.allowPrivilegeEscalation === false,
      dropAllCapabilities: (sc.capabilities?.drop ?? []).includes('ALL'),
      workingDir: container.workingDir ?? image.layout.workingDir,
      hostname: this.name,
      trustStore: this.trustStore,
      hostsFile: this.hostsFile,
    });
    const child = this.track(spawn('nsenter', [this.netns, '--', this.programs.bwrap, ...args], { stdio: ['ignore', 'pipe', 'pipe'] }));
    const running: RunningContainer = { spec: container, process: child, mounts, log: '' };
    const append = (chunk: Buffer) => { running.log = (running.log + chunk.toString()).slice(-20000); };
    child.stdout!.on('data', append);
    child.stderr!.on('data', append);
    child.on('exit', (code, signal) => { running.exit = { code, signal }; });
    this.containers.set(container.name, running);
    return true;
  }

  /** A container that ran, for assertions. */
  public container(name: string): RunningContainer {
    const c = this.containers.get(name);
    if (!c) throw new Error(`container "${name}" did not run${this.skipped.find((s) => s.container === name) ? ` (skipped: ${this.skipped.find((s) => s.container === name)!.reason})` : ''}`);
    return c;
  }

  /**
   * The processes a container runs now (its program and every descendant, read from /proc):
   * to see what a bridge's child was started with.
   */
  public processesOf(name: string): Array<{ pid: number; argv: string[]; env: Record<string, string> }> {
    const parents = new Map<number, number>();
    for (const entry of fs.readdirSync('/proc').filter((e) => /^\d+$/.test(e))) {
      try {
        // The ppid is the 2nd field after the command in parentheses.
        const stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8');
        parents.set(Number(entry), Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]));
      } catch {
        // gone meanwhile
      }
    }
    const root = this.container(name).process.pid!;
    const within = (pid: number): boolean => pid === root || (parents.has(pid) && pid !== 1 && within(parents.get(pid)!));
    const split = (file: string) => fs.readFileSync(file, 'utf8').split('\0').filter(Boolean);
    return [...parents.keys()].filter(within).flatMap((pid) => {
      try {
        const env = Object.fromEntries(split(`/proc/${pid}/environ`).map((kv) => [kv.slice(0, kv.indexOf('=')), kv.slice(kv.indexOf('=') + 1)]));
        return [{ pid, argv: split(`/proc/${pid}/cmdline`), env }];
      } catch {
        return [];
      }
    });
  }

  /** Names of the containers that run. */
  public get running(): string[] {
    return [...this.containers.keys()];
  }

  /** The log lines a user would look at: the errors (cobra prints usage after them), then the last lines. */
  private lastLines(name: string): string {
    const lines = this.container(name).log.trim().split('\n');
    const errors = lines.filter((l) => /error|fatal|panic/i.test(l)).slice(0, 5);
    return [...errors, ...(errors.length > 0 ? ['...'] : []), ...lines.slice(-5)].join('\n');
  }

  private async waitUntilDone(name: string): Promise<void> {
    const c = this.container(name);
    const deadline = Date.now() + this.timeoutMs;
    while (!c.exit && Date.now() < deadline) await sleep(50);
    if (!c.exit) throw new PodFailure(`init container "${name}" did not finish within ${this.timeoutMs} ms (the pod stays in Init)`);
    if (c.exit.code !== 0) throw new PodFailure(`init container "${name}" exited with code ${c.exit.code} (Init:Error); its log:\n${this.lastLines(name)}`);
  }

  /** What listens in the pod, for messages (`ss` inside the pod's network namespace). */
  public listeners(): string[] {
    const out = execFileSync('nsenter', [this.netns, 'ss', '-Hltn'], { encoding: 'utf8' });
    return out.trim().split('\n').filter(Boolean).map((l) => l.trim().split(/\s+/)[3]).sort();
  }

  /** The number a probe or Service port names on a container. */
  public portNumber(container: Manifest, port: number | string): number {
    if (typeof port === 'number') return port;
    const found = (container.ports ?? []).find((p: Manifest) => p.name === port);
    if (!found) throw new PodFailure(`container "${container.name}" has no port named "${port}"`);
    return found.containerPort;
  }

  /** Runs a probe once, as the kubelet does, against the pod address. */
  public async probeOnce(container: Manifest, probe: Manifest): Promise<{ ok: boolean; detail: string }> {
    if (probe.httpGet) {
      const port = this.portNumber(container, probe.httpGet.port);
      const url = `http://${POD_ADDRESS}:${port}${probe.httpGet.path ?? '/'}`;
      const res = await this.call('http', { url });
      return { ok: res.status >= 200 && res.status < 400, detail: `GET ${url}: ${res.status || res.error}` };
    }
    if (probe.tcpSocket) {
      const port = this.portNumber(container, probe.tcpSocket.port);
      const res = await this.call('tcp', { host: POD_ADDRESS, port });
      return { ok: res.connected, detail: `TCP ${POD_ADDRESS}:${port}: ${res.connected ? 'open' : res.error}` };
    }
    throw new Error(`the pod harness cannot run probe ${JSON.stringify(probe)}`);
  }

  /** Waits until a probe of a container passes; fails like the kubelet would report it. */
  public async waitForProbe(name: string, kind: 'startupProbe' | 'readinessProbe' | 'livenessProbe'): Promise<string> {
    const c = this.container(name);
    const probe = c.spec[kind];
    if (!probe) return `${kind}: none`;
    const deadline = Date.now() + this.timeoutMs;
    let last = { ok: false, detail: 'not run' };
    while (Date.now() < deadline) {
      if (c.exit) {
        throw new PodFailure(`container "${name}" exited with code ${c.exit.code ?? c.exit.signal} before its ${kind} passed (CrashLoopBackOff); its log:\n${this.lastLines(name)}`);
      }
      last = await this.probeOnce(c.spec, probe);
      if (last.ok) return `${kind}: ${last.detail}`;
      await sleep(200);
    }
    throw new PodFailure(`container "${name}": ${kind} failed for ${this.timeoutMs} ms (${last.detail}); the pod listens on ${this.listeners().join(', ') || 'nothing'} (the kubelet restarts it: CrashLoopBackOff); its log:\n${this.lastLines(name)}`);
  }

  /** Startup, then readiness and liveness probes of every running container, in pod order. */
  public async waitForProbes(): Promise<string[]> {
    const results: string[] = [];
    for (const name of this.running) {
      const isInit = (this.podSpec.initContainers ?? []).some((i: Manifest) => i.name === name);
      if (this.container(name).spec.restartPolicy === undefined && isInit) continue;
      for (const kind of ['startupProbe', 'readinessProbe', 'livenessProbe'] as const) results.push(`${name} ${await this.waitForProbe(name, kind)}`);
    }
    return results;
  }

  /** Waits until something accepts connections on an address of the pod. */
  public async waitForListener(host: string, port: number): Promise<boolean> {
    const deadline = Date.now() + this.timeoutMs;
    while (Date.now() < deadline) {
      if ((await this.call('tcp', { host, port })).connected) return true;
      await sleep(200);
    }
    return false;
  }

  /** The file a container sees at a path, resolved through its mounts to this machine. */
  public hostPathOf(name: string, file: string): string | undefined {
    const mounts = this.mountTable.get(name);
    if (!mounts) throw new Error(`container "${name}" is not in the pod`);
    const mount = [...mounts].sort((a, b) => b.mountPath.length - a.mountPath.length)
      .find((m) => file === m.mountPath || file.startsWith(`${m.mountPath}/`));
    return mount ? path.join(mount.hostPath, path.relative(mount.mountPath, file)) : undefined;
  }

  /** Ends every process and removes every file; safe to call twice. */
  public async stop(): Promise<void> {
    this.client?.process.stdin?.end();
    for (const p of this.processes) {
      if (p.exitCode === null && p.signalCode === null) p.kill('SIGKILL');
    }
    await Promise.all(this.processes.map((p) => (p.exitCode !== null || p.signalCode !== null ? undefined : new Promise((r) => p.once('exit', r)))));
    this.processes.length = 0;
    fs.rmSync(this.dir, { recursive: true, force: true });
  }
}

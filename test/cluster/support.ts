import * as fs from 'fs';
import * as path from 'path';
import { ClusterBinaries, clusterBinaries, ControlPlane } from './harness/control-plane';

/*
 * Which control plane the e2e tests use: MCP_E2E_KUBECONFIG (any cluster), or the one the
 * project builds (scripts/install-test-cluster). Under CI=true its absence fails the run.
 */

export type ClusterSource = { readonly kubeconfig: string } | { readonly binaries: ClusterBinaries } | { readonly missing: string };

export function clusterSource(): ClusterSource {
  if (process.env.MCP_E2E_KUBECONFIG) return { kubeconfig: process.env.MCP_E2E_KUBECONFIG };
  const found = clusterBinaries();
  return 'missing' in found ? found : { binaries: found };
}

/** The stdout of a kubectl run, or an error with what it printed. */
export function ok(run: { status: number; stdout: string; stderr: string }, what: string): string {
  if (run.status !== 0) throw new Error(`${what} failed:\n${run.stderr}${run.stdout}`);
  return run.stdout;
}

/** Namespaces the e2e tests create: the shipped environments', and their own. */
export const TEST_NAMESPACES = ['my-reforge-ai', 'mcp-system', 'pulumi', 'pss', 'argocd'];

/** Starts a control plane (or connects to the external one), runs `use`, and always stops it. */
export async function withCluster<T>(source: ClusterSource, use: (plane: ControlPlane) => Promise<T>): Promise<T> {
  if ('missing' in source) throw new Error(source.missing);
  const plane = 'kubeconfig' in source ? ControlPlane.external(source.kubeconfig, TEST_NAMESPACES) : await ControlPlane.start(source.binaries);
  try {
    return await use(plane);
  } finally {
    await plane.stop();
  }
}

/** Where the steering repository keeps upstream CRDs, when it sits beside this one. */
export const SHARED_CRDS = path.resolve(__dirname, '..', '..', '..', 'shared', 'crds');
export const sharedCrdsPresent = () => fs.existsSync(SHARED_CRDS);

/** A kwok fake node that takes every pod the scheduler places. */
export const FAKE_NODE = `apiVersion: v1
kind: Node
metadata:
  name: kwok-node-0
  annotations: {node.alpha.kubernetes.io/ttl: "0", kwok.x-k8s.io/node: fake}
  labels: {kubernetes.io/hostname: kwok-node-0, kubernetes.io/os: linux, kubernetes.io/arch: amd64, type: kwok}
spec: {}
status:
  allocatable: {cpu: "32", memory: 64Gi, ephemeral-storage: 100Gi, pods: "110"}
  capacity: {cpu: "32", memory: 64Gi, ephemeral-storage: 100Gi, pods: "110"}
`;

/** The CRD files of ../shared/crds/ for each API group we may render. */
const CRD_FILES: Record<string, string[]> = {
  'argoproj.io': ['argocd-application-crd.yaml', 'argocd-applicationset-crd.yaml', 'argocd-appproject-crd.yaml'],
  'gateway.networking.k8s.io': ['gateway-api-httproute-crd.yaml'],
  'networking.istio.io': ['istio-virtualservice-crd.yaml', 'istio-destinationrule-crd.yaml', 'istio-serviceentry-crd.yaml'],
  'monitoring.coreos.com': ['prometheus-operator-podmonitor-crd.yaml'],
  'operator.victoriametrics.com': ['victoriametrics-vmpodscrape-crd.yaml'],
  'agentgateway.dev': ['agentgateway-backend-crd.yaml', 'agentgateway-policy-crd.yaml'],
};

const groupOf = (apiVersion: string) => (apiVersion.includes('/') ? apiVersion.split('/')[0] : '');
export const isCustomResource = (o: Record<string, any>) => groupOf(String(o.apiVersion)) in CRD_FILES;

/**
 * Installs the CRDs the objects need from ../shared/crds/ and waits until they are served.
 * Returns false (installing nothing) when that folder is not beside the repository.
 */
export async function installCrdsFor(plane: ControlPlane, objects: Array<Record<string, any>>): Promise<boolean> {
  if (!sharedCrdsPresent()) return false;
  const groups = [...new Set(objects.filter(isCustomResource).map((o) => groupOf(String(o.apiVersion))))];
  for (const file of groups.flatMap((g) => CRD_FILES[g])) {
    const run = plane.kubectl(['apply', '--server-side', '-f', path.join(SHARED_CRDS, file)]);
    if (run.status !== 0) throw new Error(`CRD ${file}: ${run.stderr}`);
  }
  const names = plane.kubectl(['get', 'crd', '-o', 'jsonpath={range .items[*]}{.metadata.name}{"\\n"}{end}']).stdout.split('\n').filter(Boolean);
  // Poll rather than `kubectl wait`, which fails when it reads a CRD before it has any status.
  for (const name of names) {
    const established = () => plane.kubectl(['get', `crd/${name}`, '-o', 'jsonpath={.status.conditions[?(@.type=="Established")].status}']).stdout === 'True';
    const deadline = Date.now() + 60_000;
    while (!established()) {
      if (Date.now() > deadline) throw new Error(`CRD ${name} not established after 60 s`);
      await new Promise((r) => setTimeout(r, 250));
    }
  }
  return true;
}

import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { Manifest } from '../../../src/policy/manifest';

/*
 * Pod volumes as the kubelet makes them, in a directory of this machine: emptyDirs
 * writable by everyone (0777, as the kubelet makes them), ConfigMap files from the
 * rendered ConfigMaps, Secret keys with stand-in values, and the projected ServiceAccount
 * token, cluster CA and namespace.
 */

/** The value a Secret key has in the tests: never a real secret, recognisable in logs. */
export function secretValue(secret: string, key: string): string {
  return `test-value-of-${secret}-${key}`;
}

/** A volume made on this machine: a directory, read-only for the container unless an emptyDir. */
export interface HostVolume {
  readonly dir: string;
  readonly writable: boolean;
}

export interface VolumeContext {
  readonly dir: string;
  readonly namespace: string;
  readonly podName: string;
  readonly objects: readonly Manifest[];
  /** Group that owns the files (the pod's fsGroup). */
  readonly fsGroup?: number;
  /** A PEM CA certificate for `kube-root-ca.crt`. */
  readonly caFile: string;
  /** The projected ServiceAccount token, when a real API server issued one (TokenRequest). @default a stand-in */
  readonly serviceAccountToken?: string;
}

function configMap(ctx: VolumeContext, name: string): Record<string, string> | undefined {
  if (name === 'kube-root-ca.crt') return { 'ca.crt': fs.readFileSync(ctx.caFile, 'utf8') };
  const found = ctx.objects.find((o) => o.kind === 'ConfigMap' && o.metadata?.name === name && (o.metadata?.namespace ?? ctx.namespace) === ctx.namespace);
  return found?.data;
}

function fieldValue(ctx: VolumeContext, fieldPath: string): string {
  const fields: Record<string, string> = { 'metadata.namespace': ctx.namespace, 'metadata.name': ctx.podName, 'status.podIP': '127.0.0.2' };
  if (!(fieldPath in fields)) throw new Error(`the pod harness cannot fill fieldRef ${fieldPath}`);
  return fields[fieldPath];
}

function writeFile(ctx: VolumeContext, dir: string, file: string, content: string, mode: number): void {
  const target = path.join(dir, file);
  fs.mkdirSync(path.dirname(target), { recursive: true });
  fs.writeFileSync(target, content);
  fs.chmodSync(target, mode);
  if (ctx.fsGroup !== undefined) fs.chownSync(target, 0, ctx.fsGroup);
}

/** Items of a ConfigMap or Secret source: the listed keys, or every key. */
function items(data: Record<string, string>, list: Manifest[] | undefined): Array<{ key: string; path: string }> {
  return list ? list.map((i) => ({ key: i.key, path: i.path })) : Object.keys(data).map((key) => ({ key, path: key }));
}

function fillProjection(ctx: VolumeContext, dir: string, source: Manifest, mode: number): void {
  if (source.serviceAccountToken) {
    // Without a real one, a stand-in with the shape of a JWT; an unreachable API server never checks it.
    writeFile(ctx, dir, source.serviceAccountToken.path, ctx.serviceAccountToken ?? 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ0ZXN0In0.c2lnbmF0dXJl', mode);
  } else if (source.configMap) {
    const data = configMap(ctx, source.configMap.name);
    if (!data) throw new Error(`ConfigMap "${source.configMap.name}" is not in the rendered objects`);
    items(data, source.configMap.items).forEach((i) => writeFile(ctx, dir, i.path, data[i.key], mode));
  } else if (source.secret) {
    (source.secret.items ?? []).forEach((i: Manifest) => writeFile(ctx, dir, i.path, secretValue(source.secret.name, i.key), mode));
  } else if (source.downwardAPI) {
    source.downwardAPI.items.forEach((i: Manifest) => writeFile(ctx, dir, i.path, fieldValue(ctx, i.fieldRef.fieldPath), mode));
  } else {
    throw new Error(`the pod harness cannot fill projected source ${JSON.stringify(source)}`);
  }
}

/** Makes one pod volume on this machine. */
export function makeVolume(ctx: VolumeContext, volume: Manifest): HostVolume {
  const dir = path.join(ctx.dir, 'volumes', volume.name);
  fs.mkdirSync(dir, { recursive: true });
  const mode = volume.secret?.defaultMode ?? volume.configMap?.defaultMode ?? volume.projected?.defaultMode ?? 0o644;
  if (volume.emptyDir) {
    fs.chmodSync(dir, 0o777);
    return { dir, writable: true };
  }
  if (volume.configMap) {
    const data = configMap(ctx, volume.configMap.name);
    if (!data) throw new Error(`ConfigMap "${volume.configMap.name}" of volume "${volume.name}" is not in the rendered objects`);
    items(data, volume.configMap.items).forEach((i) => writeFile(ctx, dir, i.path, data[i.key], mode));
  } else if (volume.secret) {
    if (!volume.secret.items) throw new Error(`Secret volume "${volume.name}" lists no items: the harness cannot know its keys`);
    volume.secret.items.forEach((i: Manifest) => writeFile(ctx, dir, i.path, secretValue(volume.secret.secretName, i.key), mode));
  } else if (volume.projected) {
    volume.projected.sources.forEach((s: Manifest) => fillProjection(ctx, dir, s, mode));
  } else {
    throw new Error(`the pod harness cannot make volume "${volume.name}" (${Object.keys(volume).filter((k) => k !== 'name').join(', ')})`);
  }
  fs.chmodSync(dir, 0o755);
  return { dir, writable: false };
}

/** A self-signed CA certificate, made once per pod with openssl, for `kube-root-ca.crt`. */
export function makeCa(dir: string): string {
  const cert = path.join(dir, 'ca.crt');
  execFileSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-days', '1',
    '-subj', '/CN=cdk8s-mcp-test-ca', '-keyout', path.join(dir, 'ca.key'), '-out', cert], { stdio: 'ignore' });
  return cert;
}

import { parse as parseToml } from 'smol-toml';
import { identityKey, runIndex } from './index';
import { Manifest } from './manifest';
import { RuleContext } from './rule';
import { PodSpecSite } from './workloads';

/*
 * Files a container reads that the run itself holds: a ConfigMap's keys, mounted as a file
 * (subPath) or as a directory. The kubelet projects each key (or each `items` entry, at its
 * path) as a file of that directory.
 * @see https://kubernetes.io/docs/concepts/storage/volumes/#configmap
 */

/** A file of a container whose text the run shows: the ConfigMap it comes from, and its text. */
interface MountedFile {
  readonly text: string;
  readonly configMap: string;
}

/** A directory path as mounts compare it: without trailing slashes. */
function dirPath(path: unknown): string {
  return String(path ?? '').replace(/\/+$/, '');
}

/** The mount of a container that holds a path, and where it is: the deepest one at it or above it. */
function mountHolding(container: Manifest, path: string): { mount: Manifest; at: string } | undefined {
  let found: { mount: Manifest; at: string } | undefined;
  for (const m of container?.volumeMounts ?? []) {
    const at = dirPath(m?.mountPath);
    const holds = at === path || (!m?.subPath && path.startsWith(`${at}/`));
    if (holds && (!found || at.length > found.at.length)) found = { mount: m, at };
  }
  return found;
}

/**
 * The file at `path` in a container of a pod, when a ConfigMap of the run holds it; undefined
 * when nothing is mounted there (the image's own file) or the run does not show what is (a
 * Secret, an emptyDir, a ConfigMap of another run).
 */
function mountedFile(
  site: PodSpecSite, container: Manifest, path: string, namespace: string | undefined, context: RuleContext,
): MountedFile | undefined {
  const holding = mountHolding(container, path);
  if (!holding) return undefined;
  const { mount, at } = holding;
  const volume = (site.spec.volumes ?? []).find((v: Manifest) => v?.name === mount.name);
  const name = volume?.configMap?.name;
  if (typeof name !== 'string') return undefined;
  // The file's path inside the volume: its subPath, or where it is below the mount.
  const inside = mount.subPath ?? path.slice(at.length + 1);
  const items: Manifest[] | undefined = volume.configMap.items;
  const key = items ? items.find((i) => i?.path === inside)?.key : inside;
  const configMap = runIndex(context.all).byKey.get(identityKey({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { namespace, name } }))?.[0];
  const text = key === undefined ? undefined : configMap?.data?.[key];
  return typeof text === 'string' ? { text, configMap: name } : undefined;
}

/**
 * Whether a container may find files below a directory (drop-in files): something is mounted
 * at it or below it, or a volume mounted above it can hold subdirectories. The keys of a
 * ConfigMap or Secret are flat files, so only their `items` paths can reach below.
 */
export function mayHoldFilesUnder(site: PodSpecSite, container: Manifest, dir: string): boolean {
  const target = dirPath(dir);
  return (container?.volumeMounts ?? []).some((m: Manifest) => {
    const at = dirPath(m?.mountPath);
    if (at === target || at.startsWith(`${target}/`)) return true;
    if (m?.subPath || !target.startsWith(`${at}/`)) return false;
    const volume = (site.spec.volumes ?? []).find((v: Manifest) => v?.name === m.name);
    const keyed = volume?.configMap ?? volume?.secret;
    if (!keyed) return true;
    const below = `${target.slice(at.length + 1)}/`;
    return (keyed.items ?? []).some((i: Manifest) => String(i?.path ?? '').startsWith(below));
  });
}

/**
 * The values of a TOML file a container reads, from a ConfigMap of the run; undefined when the
 * run does not show the file, or the program would refuse it (it does not parse).
 */
export function mountedToml(site: PodSpecSite, container: Manifest, path: string, namespace: string | undefined, context: RuleContext):
{ readonly values: Record<string, unknown>; readonly configMap: string } | undefined {
  const file = mountedFile(site, container, path, namespace, context);
  if (!file) return undefined;
  try {
    return { values: parseToml(file.text) as Record<string, unknown>, configMap: file.configMap };
  } catch {
    return undefined;
  }
}

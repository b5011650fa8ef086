import { FlagFact, ImageFacts, ImageLayout, ProtocolFact } from './image-facts';
import { compareVersions, parseImage, Version, version, versionOfTag } from './image-reference';

/*
 * The command line a container really runs, and what it means for a known program: the
 * port it listens on, the subcommand it got, the flags its release lacks. Rules and the
 * catalog read these, so both judge the same command line.
 */

/** The parts of a container that decide its command line. */
export interface ContainerCommand {
  readonly image: string;
  readonly command?: readonly string[];
  readonly args?: readonly string[];
  readonly env?: Readonly<Record<string, string>>;
}

/** The layout of the release an image tag names; the newest one when the tag names no version. */
export function layoutFor(facts: ImageFacts, v: Version | undefined): ImageLayout {
  return newestFitting(facts.layouts, v)!;
}

/** The protocol revisions the release an image names speaks (the newest release's when the tag names none). */
export function protocolRevisionsFor(facts: ImageFacts, image: string): readonly string[] | undefined {
  return newestFitting(facts.protocols ?? [], imageVersion(image))?.revisions;
}

function newestFitting<T extends ImageLayout | ProtocolFact>(entries: readonly T[], v: Version | undefined): T | undefined {
  const fitting = entries.filter((e) => !e.since || !v || compareVersions(version(e.since), v) <= 0);
  return fitting[fitting.length - 1] ?? entries[entries.length - 1];
}

/** The version an image's tag names, if it names one. */
export function imageVersion(image: string): Version | undefined {
  return versionOfTag(parseImage(image).tag);
}

/**
 * What the kubelet runs: `command` replaces ENTRYPOINT and drops CMD; `args` alone replace
 * CMD; `$(VAR)` expands from the container's plain env.
 * @see https://kubernetes.io/docs/tasks/inject-data-application/define-command-argument-container/#notes
 */
export function effectiveCommandLine(facts: ImageFacts, container: ContainerCommand): string[] {
  const layout = layoutFor(facts, imageVersion(container.image));
  const words = container.command !== undefined
    ? [...container.command, ...(container.args ?? [])]
    : [...layout.entrypoint, ...(container.args ?? layout.cmd)];
  return words.map((w) => expandVariables(w, container.env ?? {}));
}

/** Kubernetes' `$(VAR)` expansion: known names are replaced, `$$` escapes, unknown ones stay. */
export function expandVariables(word: string, env: Readonly<Record<string, string>>): string {
  return word.replace(/\$\$|\$\(([A-Za-z_][A-Za-z0-9_.-]*)\)/g, (match, name) => {
    if (match === '$$') return '$';
    return Object.prototype.hasOwnProperty.call(env, name) ? env[name] : match;
  });
}

const basename = (word: string) => word.split('/').pop() ?? word;

/** The server program's own arguments, or undefined when the command line does not start it. */
export function serverArgs(facts: ImageFacts, argv: readonly string[]): string[] | undefined {
  const program = facts.programs.find((p) => p.length <= argv.length && p.every((word, i) => basename(argv[i]) === basename(word)));
  return program ? argv.slice(program.length) : undefined;
}

/** Where a program listens, as far as its command line tells. */
export type ListenPort =
  | { readonly kind: 'unknown' }
  | { readonly kind: 'none'; readonly why: string }
  | { readonly kind: 'port'; readonly port: number; readonly from: string }
  /** A config file decides: its `key` sets the port, and drop-ins in `dropInDir` (when given) may too. */
  | { readonly kind: 'config'; readonly file: string; readonly key: string; readonly dropInDir?: string; readonly from: string };

/** The arguments that belong to the program itself (not to a child after `--`). */
function ownArgs(facts: ImageFacts, args: readonly string[]): readonly string[] {
  const end = facts.listenPort.flagsEndAt ? args.indexOf(facts.listenPort.flagsEndAt) : -1;
  return end >= 0 ? args.slice(0, end) : args;
}

/** The value of the last `--flag value` or `--flag=value`. */
export function lastFlagValue(args: readonly string[], flag: string): string | undefined {
  let value: string | undefined;
  args.forEach((a, i) => {
    if (a === flag) value = args[i + 1];
    else if (a.startsWith(`${flag}=`)) value = a.slice(flag.length + 1);
  });
  return value;
}

/** The port the program of a container listens on. */
export function listenPort(facts: ImageFacts, container: ContainerCommand): ListenPort {
  const argv = effectiveCommandLine(facts, container);
  const args = serverArgs(facts, argv);
  if (!args) return { kind: 'unknown' };
  if (facts.subcommand) {
    if (args[0] !== facts.subcommand.serving) {
      return { kind: 'none', why: args[0] === undefined ? 'no subcommand' : `subcommand "${args[0]}"` };
    }
  }
  const own = ownArgs(facts, facts.subcommand ? args.slice(1) : args);
  const spec = facts.listenPort;
  const flagged = spec.flag ? lastFlagValue(own, spec.flag) : undefined;
  const where = container.command === undefined && container.args === undefined ? ' in the image\'s own command line' : '';
  if (flagged !== undefined) return { kind: 'port', port: Number(flagged), from: `${spec.flag} ${flagged}${where}` };
  const config = spec.configFile ? lastFlagValue(own, spec.configFile.flag) : undefined;
  if (spec.configFile && config !== undefined) {
    const dropIns = spec.configFile.dropIns;
    const dropInDir = dropIns && readsDropIns(container.image, dropIns.since)
      ? lastFlagValue(own, dropIns.flag) ?? `${config.replace(/\/[^/]*$/, '')}/${dropIns.defaultDir}` : undefined;
    return { kind: 'config', file: config, key: spec.configFile.key, dropInDir, from: `${spec.configFile.flag} ${config}` };
  }
  const fromEnv = spec.env ? (container.env?.[spec.env] ?? facts.env[spec.env]) : undefined;
  if (fromEnv !== undefined) return { kind: 'port', port: Number(fromEnv), from: `${spec.env}=${fromEnv}` };
  if (spec.default !== undefined) return { kind: 'port', port: spec.default, from: `the default ${spec.default}` };
  return { kind: 'none', why: `no ${spec.flag ?? spec.env} (it serves stdio)` };
}

/** Whether the image's release reads drop-in config files: from `since`, or when its tag names no version (latest). */
function readsDropIns(image: string, since: string): boolean {
  const v = imageVersion(image);
  return !v || compareVersions(v, version(since)) >= 0;
}

/** Whether the command line starts the program without the subcommand it demands. */
export function missingSubcommand(facts: ImageFacts, container: ContainerCommand): string | undefined {
  if (!facts.subcommand) return undefined;
  const argv = effectiveCommandLine(facts, container);
  const args = serverArgs(facts, argv);
  if (!args) return undefined;
  const all = [facts.subcommand.serving, ...facts.subcommand.others];
  return all.includes(args[0]) ? undefined : argv.join(' ');
}

/** Flags on the command line that the image's release does not have yet. */
export function unsupportedFlags(facts: ImageFacts, container: ContainerCommand): FlagFact[] {
  const v = imageVersion(container.image);
  if (!v) return [];
  const args = serverArgs(facts, effectiveCommandLine(facts, container));
  if (!args) return [];
  const own = ownArgs(facts, args);
  return facts.flags.filter((f) => compareVersions(v, version(f.since)) < 0
    && own.some((a) => a === f.flag || a.startsWith(`${f.flag}=`)));
}

/** The fact of a flag the image's release lacks (none when the tag names no version, or it has it). */
export function flagMissingFrom(facts: ImageFacts, image: string, flag: string): FlagFact | undefined {
  const v = imageVersion(image);
  const fact = facts.flags.find((f) => f.flag === flag);
  return fact && v && compareVersions(v, version(fact.since)) < 0 ? fact : undefined;
}

/**
 * The address the program of a container binds, as far as its command line and environment
 * tell: undefined when the facts do not say how it is set.
 */
export function listenHost(facts: ImageFacts, container: ContainerCommand): string | undefined {
  const spec = facts.listenHost;
  if (!spec) return undefined;
  // A release before the flag or variable existed binds its default, whatever it is told.
  const v = imageVersion(container.image);
  if (spec.since && v && compareVersions(v, version(spec.since)) < 0) return spec.default;
  const args = serverArgs(facts, effectiveCommandLine(facts, container));
  const own = args ? ownArgs(facts, facts.subcommand ? args.slice(1) : args) : [];
  const flagged = spec.flag ? lastFlagValue(own, spec.flag) : undefined;
  if (flagged !== undefined) return flagged;
  const fromEnv = spec.env ? (container.env?.[spec.env] ?? facts.env[spec.env]) : undefined;
  return fromEnv ?? spec.default;
}

/** Whether an address a server binds is reachable only from inside its pod. */
export function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || /^127\./.test(host);
}

/*
 * The shape of what we know about an upstream image: how it starts, where it listens,
 * what it serves and what it needs. Each family's facts live in a file of their own, with
 * links to the upstream files they were read from.
 */

/** A command-line flag that only some releases of a program have. */
export interface FlagFact {
  /** The flag as typed, e.g. `--stateless`. */
  readonly flag: string;
  /** The first release that has it. */
  readonly since: string;
  /** The upstream file at that release that declares it. */
  readonly source: string;
}

/** How the program is told its listen port. */
export interface ListenPortFact {
  /** Flag that sets it (`--port N` or `--port=N`; the last one wins, as in cobra and argparse). */
  readonly flag?: string;
  /** Environment variable that sets it. */
  readonly env?: string;
  /** The port when neither is given; none means the program serves no HTTP without the flag. */
  readonly default?: number;
  /**
   * A word after which the arguments belong to a child program (mcp-proxy's `--`), so a
   * `--port` there is not the listener's.
   */
  readonly flagsEndAt?: string;
  /** A config file the program reads, which may set the port; the flag overrides it. */
  readonly configFile?: ConfigFileFact;
}

/** A config file given by a flag, one of whose keys sets the listen port. */
export interface ConfigFileFact {
  /** The flag that names the file (`--config <file>`). */
  readonly flag: string;
  /** The TOML key of the port (`port = "8080"`). */
  readonly key: string;
  /**
   * Drop-in files read after it: the flag naming their directory, and its default relative to
   * the file's own directory. Any drop-in may set the port too.
   */
  readonly dropIns?: { readonly flag: string; readonly defaultDir: string; readonly since: string };
  /** Upstream source of the fact. */
  readonly source: string;
}

/** How the program is told the address it binds. */
export interface ListenHostFact {
  /** Flag that sets it (`--host 127.0.0.1` or `--host=127.0.0.1`; the last one wins). */
  readonly flag?: string;
  /** Environment variable that sets it. */
  readonly env?: string;
  /** The address when neither is given. */
  readonly default: string;
  /** The first release that has the flag or variable. @default every release */
  readonly since?: string;
  /** The upstream file that says so. */
  readonly source: string;
}

/** The subcommand a program demands before anything else. */
export interface SubcommandFact {
  /** The subcommand that serves MCP over HTTP, e.g. `http`. */
  readonly serving: string;
  /** The other subcommands, e.g. `stdio` (no listener). */
  readonly others: readonly string[];
}

/** How one release of an image starts: its Dockerfile's ENTRYPOINT, CMD and USER. */
export interface ImageLayout {
  /** The first release built this way. @default every release */
  readonly since?: string;
  /** ENTRYPOINT. */
  readonly entrypoint: readonly string[];
  /** CMD (used only when a pod sets neither `command` nor `args`). */
  readonly cmd: readonly string[];
  /** USER: a name (not a number) needs a numeric runAsUser under runAsNonRoot; none means root. */
  readonly user?: string;
  /** WORKDIR, where the program starts unless the pod sets workingDir. @default / */
  readonly workingDir?: string;
  /** The Dockerfile at that release. */
  readonly source: string;
}

/** The MCP protocol revisions one release speaks, read from the SDK it was built with. */
export interface ProtocolFact {
  /** The first release built with that SDK. @default every release */
  readonly since?: string;
  /** Revisions the server accepts, oldest first. */
  readonly revisions: readonly string[];
  /** The SDK file that lists them, at the version the release pins. */
  readonly source: string;
}

/** What we know about one family of images. */
export interface ImageFacts {
  /** Short id, e.g. `kubernetes-mcp-server`. */
  readonly id: string;
  /** What it is, for messages and the README. */
  readonly title: string;
  /** Image repositories of the family (mirrors and forks included), matched against the repository part. */
  readonly repository: RegExp;
  /** The example repository users know it by. */
  readonly example: string;
  /** How the image starts, per release (oldest first): upstream moved flags between ENTRYPOINT and CMD. */
  readonly layouts: readonly ImageLayout[];
  /** The image's ENV that decides how its command is found (PATH) or behaves. */
  readonly env: Readonly<Record<string, string>>;
  /**
   * Command-line prefixes that start the MCP server program itself (matched by the
   * basename of each word), so its own arguments can be told from a wrapper's.
   */
  readonly programs: ReadonlyArray<readonly string[]>;
  /** How the listen port is set. */
  readonly listenPort: ListenPortFact;
  /** How the listen address is set, where we know it: a server behind an auth proxy must bind 127.0.0.1. */
  readonly listenHost?: ListenHostFact;
  /** The subcommand the program demands, if it demands one. */
  readonly subcommand?: SubcommandFact;
  /** MCP endpoint paths served. */
  readonly mcpPaths: readonly string[];
  /** A GET route that answers 200 when healthy, if any. */
  readonly healthPath?: string;
  /** Prometheus metrics path, if any. */
  readonly metricsPath?: string;
  /** Whether the program refuses to start without Kubernetes API credentials. */
  readonly needsKubernetesApi: boolean;
  /** Flags that only some releases have. */
  readonly flags: readonly FlagFact[];
  /**
   * The MCP protocol revisions the server speaks, per release (oldest first): they decide
   * whether its sessions must stick to one pod. None for images that serve no MCP.
   */
  readonly protocols?: readonly ProtocolFact[];
  /** The upstream files these facts were read from. */
  readonly sources: readonly string[];
  /** Something every user of the family should know, for the README. */
  readonly note?: string;
}

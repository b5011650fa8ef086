/** A Kubernetes object as plain JSON, whoever rendered it. */
export type Manifest = Record<string, any>;

/** An object and where it came from. */
export interface SourcedManifest {
  readonly object: Manifest;
  /** File the object was read from (or will be written to). */
  readonly file: string;
  /** 0-based index of the document within the file. */
  readonly index: number;
}

/** `Kind/namespace/name`, or `Kind/name` for objects without a namespace. */
export function objectRef(obj: Manifest): string {
  const kind = typeof obj?.kind === 'string' ? obj.kind : '<no kind>';
  const name = typeof obj?.metadata?.name === 'string' ? obj.metadata.name : '<no name>';
  const ns = obj?.metadata?.namespace;
  return typeof ns === 'string' && ns ? `${kind}/${ns}/${name}` : `${kind}/${name}`;
}

import { BUSYBOX } from './busybox';
import { protocolRevisionsFor } from './command-line';
import { GITHUB_MCP_SERVER } from './github-mcp-server';
import { ImageFacts } from './image-facts';
import { parseImage } from './image-reference';
import { KUBERNETES_MCP_SERVER } from './kubernetes-mcp-server';
import { MCP_INSPECTOR } from './mcp-inspector';
import { MCP_PROXY } from './mcp-proxy';
import { PULUMI_MCP_SERVER, PULUMI_WORKBENCH } from './pulumi-mcp-server';
import { TOOLHIVE } from './toolhive';

/*
 * Upstream facts about the images we deploy, one file per family, each fact with a link to
 * the upstream file it was read from. The catalog, the policy rules and the pod tests read
 * them from here; nothing else states them.
 */

export * from './busybox';
export * from './command-line';
export * from './github-mcp-server';
export * from './image-facts';
export * from './image-reference';
export * from './kubernetes-mcp-server';
export * from './mcp-inspector';
export * from './mcp-proxy';
export * from './pulumi-mcp-server';
export * from './supergateway';
export * from './toolhive';

/** Every family we know, most specific first. */
export const IMAGE_FAMILIES: readonly ImageFacts[] = [
  KUBERNETES_MCP_SERVER, GITHUB_MCP_SERVER, MCP_PROXY, PULUMI_WORKBENCH, PULUMI_MCP_SERVER, MCP_INSPECTOR, BUSYBOX, TOOLHIVE,
];

/** The family of an image, if we know it. */
export function factsForImage(image: unknown): ImageFacts | undefined {
  if (typeof image !== 'string') return undefined;
  const { repository } = parseImage(image);
  return IMAGE_FAMILIES.find((f) => f.repository.test(repository));
}

/** The MCP protocol revisions an image of a known family speaks, for its release. */
export function knownProtocolRevisions(image: string): readonly string[] | undefined {
  const facts = factsForImage(image);
  return facts ? protocolRevisionsFor(facts, image) : undefined;
}

import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

/*
 * What the install scripts (scripts/install-test-programs, scripts/install-test-cluster) left
 * in their cache: a JSON manifest of paths, found the way the scripts compute the cache.
 */

/** `$CDK8S_MCP_CACHE`, else `$XDG_CACHE_HOME/cdk8s-mcp`, else `~/.cache/cdk8s-mcp`, then the sub-directory. */
export function cacheDir(sub: string): string {
  const base = process.env.CDK8S_MCP_CACHE ?? path.join(process.env.XDG_CACHE_HOME ?? path.join(os.homedir(), '.cache'), 'cdk8s-mcp');
  return path.join(base, sub);
}

/** The manifest's paths when every one exists, or why they are not there. */
export function readInstalled<T extends object>(sub: string, manifest: string, script: string): T | { missing: string } {
  const file = path.join(cacheDir(sub), manifest);
  if (!fs.existsSync(file)) return { missing: `${file} does not exist: run ${script}` };
  const found = JSON.parse(fs.readFileSync(file, 'utf8')) as T;
  const gone = Object.entries(found).filter(([, p]) => typeof p === 'string' && !fs.existsSync(p)).map(([k, p]) => `${k} (${p})`);
  return gone.length > 0 ? { missing: `installed files are gone: ${gone.join(', ')}; run ${script}` } : found;
}

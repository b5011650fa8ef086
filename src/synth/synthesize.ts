import { ConfigError } from '../config/problems';
import { evaluate } from '../policy/engine';
import { Finding, hasErrors } from '../policy/finding';
import { SourcedManifest } from '../policy/manifest';
import { sharingGraphs } from '../policy/rbac-graph';
import { loadEnvironments } from '../synth/load-environments';
import { collisionProblems } from './collisions';
import { fileText, renderEnvironments } from './render';

/** Everything a synth produces: file texts by relative path, and the policy findings. */
export interface SynthResult {
  readonly files: Map<string, string>;
  readonly findings: Finding[];
  /** True when a finding is an unwaived error: nothing may be written. */
  readonly failed: boolean;
}

/** Environment directory: `MCP_ENVIRONMENTS_DIR` or `environments/`. */
export function environmentsDir(): string {
  return process.env.MCP_ENVIRONMENTS_DIR || 'environments';
}

/**
 * Loads and validates the environments, renders them and runs the policy gate over what
 * was rendered. Writes nothing: callers write only when `failed` is false. Throws
 * ConfigError on invalid environment files.
 */
export function synthesize(dir = environmentsDir(), outputName = 'dist'): SynthResult {
  const environments = loadEnvironments(dir);
  // Waiver placement (while rendering) and the gate judge the same objects: one RBAC graph.
  return sharingGraphs(() => renderAndJudge(environments, outputName));
}

function renderAndJudge(environments: ReturnType<typeof loadEnvironments>, outputName: string): SynthResult {
  const rendered = renderEnvironments(environments);
  const collisions = collisionProblems(environments, rendered);
  if (collisions.length > 0) throw new ConfigError(collisions);
  // Each environment folder goes to its own cluster (or namespace): judge each as one run.
  const byEnvironment = new Map<string, SourcedManifest[]>();
  for (const file of rendered) {
    const env = file.path.split('/')[0];
    const list = byEnvironment.get(env) ?? [];
    list.push(...file.objects.map((object, index) => ({ object, index, file: `${outputName}/${file.path}` })));
    byEnvironment.set(env, list);
  }
  const findings = [...byEnvironment.values()].flatMap((manifests) => evaluate(manifests));
  return {
    files: new Map(rendered.map((file) => [file.path, fileText(file)])),
    findings,
    failed: hasErrors(findings),
  };
}

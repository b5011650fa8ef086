import { ApiObject, App, Chart } from 'cdk8s';
import { EnvironmentChart } from '../charts/environment-chart';
import { GitOpsChart } from '../charts/gitops-chart';
import { Environment } from '../config/load';
import { Manifest } from '../policy/manifest';
import { Waiver } from '../policy/waivers';
import { apiObjectJson } from './api-object-json';
import { RENDERED_HEADER } from './output';
import { placeWaivers } from './waivers';
import { yamlText } from './yaml-text';

export type { Manifest } from '../policy/manifest';

/** One output file: its path under the output directory and the objects in it, in order. */
export interface RenderedFile {
  readonly path: string;
  readonly objects: Manifest[];
  readonly source: string;
}

/** How environments are rendered. */
export interface RenderOptions {
  /**
   * What an object's JSON is; the tests pass one that also compares with `o.toJson()`.
   * @default apiObjectJson
   */
  readonly toJson?: (o: ApiObject) => Manifest;
}

/**
 * Renders environments into files: `<env>/<child>.yaml` for each direct child of each
 * environment chart (`00-namespaces`, then one per server). cdk8s's own output modes name
 * files by chart or kind; reviewers read diffs by server, so the files are ours.
 */
export function renderEnvironments(environments: Environment[], options: RenderOptions = {}): RenderedFile[] {
  const toJson = options.toJson ?? apiObjectJson;
  const app = new App();
  const charts: Array<{ chart: Chart; source: string; waivers?: ReadonlyMap<string, readonly Waiver[]> }> = environments.map((env) => {
    const chart = new EnvironmentChart(app, env);
    return { chart, source: env.file, waivers: chart.waivers };
  });
  const withGitOps = environments.filter((e) => e.spec.gitops);
  if (withGitOps.length > 0) charts.push({ chart: new GitOpsChart(app, environments), source: withGitOps.map((e) => e.file).join(', ') });
  return charts.flatMap(({ chart, source, waivers }) => {
    const files = chart.node.children.flatMap((child) => {
      const objects = child.node.findAll().filter(ApiObject.isApiObject).map((o) => toJson(o));
      return objects.length > 0 ? [{ path: filePath(chart, child.node.id), objects, source }] : [];
    });
    if (waivers) placeWaivers(files, new Map([...waivers].map(([server, list]) => [filePath(chart, server), list])));
    return files;
  });
}

const filePath = (chart: Chart, child: string) => `${chart.node.id}/${child}.yaml`;

/** The YAML text of a file: a header naming its source, then one document per object. */
export function fileText(file: RenderedFile): string {
  const header = `${RENDERED_HEADER} from ${file.source.split('\\').join('/')}: edit the environment file and run \`npm run synth\`, not this file.\n`;
  return header + file.objects.map((o) => `---\n${yamlText(o)}`).join('');
}

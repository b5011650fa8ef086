import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { ServerSpec } from '../config/schema';
import { McpApp, McpInspector } from '../constructs';
import { GenericServer } from './generic';
import { GithubServer } from './github';
import { KubernetesServer } from './kubernetes';
import { PulumiServer } from './pulumi';
import { ServerContext } from './server-context';
import { PRODUCTION_ANNOTATION } from '../policy/annotations';
import { WAIVER_ANNOTATION, waiverAnnotation } from '../policy/waivers';

/**
 * Renders one server of an environment with the catalog entry for its type, then the
 * pieces every type can have (the Inspector). The construct id is the server name: it
 * names the output file `<server>.yaml`.
 */
export function addServer(scope: Construct, spec: ServerSpec, context: ServerContext): { app: McpApp } {
  const server = createServer(scope, spec, context);
  if (spec.inspector) {
    if (context.production) throw new Error(`server "${spec.name}": the Inspector is refused in a production environment`);
    new McpInspector(server, 'Inspector', { app: server.app, image: context.inspector.image, tokenSecret: context.inspector.tokenSecret });
  }
  // What plain YAML cannot show, for `check` and the policy gate to read.
  if (context.production) server.app.deployment.metadata.addAnnotation(PRODUCTION_ANNOTATION, 'true');
  if (spec.waivers && spec.waivers.length > 0) {
    const value = waiverAnnotation(spec.waivers);
    server.node.findAll().filter(ApiObject.isApiObject).forEach((obj) => obj.metadata.addAnnotation(WAIVER_ANNOTATION, value));
  }
  return server;
}

function createServer(scope: Construct, spec: ServerSpec, context: ServerContext): Construct & { app: McpApp } {
  switch (spec.type) {
    case 'generic':
      return new GenericServer(scope, spec.name, spec, context);
    case 'kubernetes':
      return new KubernetesServer(scope, spec.name, spec, context);
    case 'github':
      return new GithubServer(scope, spec.name, spec, context);
    case 'pulumi':
      return new PulumiServer(scope, spec.name, spec, context);
  }
}

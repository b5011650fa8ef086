import { Construct } from 'constructs';
import { ServerSpec } from '../config/schema';
import { GenericServer } from './generic';
import { ServerContext } from './server-context';

/**
 * Renders one server of an environment with the catalog entry for its type. The construct
 * id is the server name: it names the output file `<server>.yaml`.
 */
export function addServer(scope: Construct, spec: ServerSpec, context: ServerContext): Construct {
  switch (spec.type) {
    case 'generic':
      return new GenericServer(scope, spec.name, spec, context);
  }
}

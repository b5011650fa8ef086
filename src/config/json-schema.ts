import { z } from 'zod';
import { environmentSchema } from './schema';

/** The environment schema as JSON Schema (draft 2020-12), for editors (yaml-language-server). */
export function environmentJsonSchema(): Record<string, unknown> {
  return {
    ...z.toJSONSchema(environmentSchema, { io: 'input', unrepresentable: 'any' }),
    $id: 'https://github.com/cdk8s-mcp/cdk8s-mcp/schema/environment.schema.json',
    title: 'cdk8s-mcp environment file (environments/<env>.yaml)',
  };
}

/** The JSON Schema file's exact text; a test keeps the committed file equal to it. */
export function environmentJsonSchemaText(): string {
  return `${JSON.stringify(environmentJsonSchema(), null, 2)}\n`;
}

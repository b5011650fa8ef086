import { ALL_RULES, evaluate } from './engine';
import { Finding } from './finding';
import { readManifests } from './read-manifests';
import { Severity } from './rule';

/*
 * The policy gate as a cdk8s validation plugin, so `npx cdk8s synth` reports what
 * `npm run synth` does. cdk8s.yaml loads it with a plain `require` of the compiled file:
 *   validations:
 *     - package: ./lib/src/policy/cdk8s-plugin.js
 *       class: McpPolicyValidation
 *       version: 0.1.0
 * The CLI's types are not imported: it is only a devDependency, and this must load anywhere.
 */

export interface ViolatingResource {
  readonly resourceName: string;
  readonly locations: string[];
  readonly manifestPath: string;
}

export interface ValidationContextLike {
  readonly manifests: readonly string[];
  readonly report: {
    addViolation(v: { ruleName: string; recommendation: string; fix: string; violatingResources: ViolatingResource[] }): void;
    submit(status: 'success' | 'failure', metadata?: Record<string, string>): void;
  };
  readonly logger: { log(message: string): void };
}

export class McpPolicyValidation {
  public validate(context: ValidationContextLike): void {
    // One run per environment folder, as synth does.
    const groups = new Map<string, ReturnType<typeof readManifests>>();
    for (const file of context.manifests) {
      const folder = file.split('/').slice(0, -1).join('/');
      groups.set(folder, [...(groups.get(folder) ?? []), ...readManifests([file])]);
    }
    const findings = [...groups.values()].flatMap((manifests) => evaluate(manifests));
    const failing = findings.filter((f) => f.waived === undefined && f.severity === Severity.ERROR);
    for (const [rule, list] of byRule(findings.filter((f) => f.waived === undefined))) {
      const meta = ALL_RULES.find((r) => r.id === rule)!;
      context.report.addViolation({
        ruleName: `${rule} (${meta.severity})`,
        recommendation: meta.title,
        fix: meta.fix,
        violatingResources: list.map((f) => ({ resourceName: f.object, locations: [f.path ?? ''], manifestPath: f.file })),
      });
    }
    const waived = findings.filter((f) => f.waived !== undefined).length;
    context.logger.log(`cdk8s-mcp policy: ${failing.length} errors, ${waived} waived findings`);
    context.report.submit(failing.length > 0 ? 'failure' : 'success');
  }
}

function byRule(findings: Finding[]): Map<string, Finding[]> {
  const map = new Map<string, Finding[]>();
  for (const f of findings) {
    const list = map.get(f.rule);
    if (list) list.push(f);
    else map.set(f.rule, [f]);
  }
  return map;
}

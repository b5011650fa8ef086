import { describeGrant, RbacGraph } from './rbac-graph';

/*
 * `check --explain-rbac`: each ServiceAccount of a run with what it may do itself, whom it
 * can act as (and how), and what that adds, as plain text for review.
 */

/** The table for one run (a directory): one block per ServiceAccount, those with nothing left out. */
export function explainRbac(graph: RbacGraph, run: string): string {
  const lines = [`# ${run}: effective permissions of each ServiceAccount`];
  for (const [account, grants] of [...graph.accounts].sort(([a], [b]) => a.localeCompare(b))) {
    const edges = graph.actsAs.filter((e) => e.from === account);
    if (grants.length === 0 && edges.length === 0) continue;
    lines.push('', `ServiceAccount ${account}`);
    for (const g of grants) lines.push(`  may      ${describeGrant(g)}  (${g.via})`);
    for (const e of graph.escalations.filter((x) => x.from === account)) lines.push(`  escalates  ${e.how}  (${e.grant.via})`);
    for (const c of graph.credentials.filter((x) => x.from === account)) lines.push(`  reads    the credentials of ${c.workload} (Secret ${c.secrets.join(', ')}): ${c.how}  (${c.grant.via})`);
    const seen = new Set<string>();
    for (const e of edges) {
      if (seen.has(e.to)) continue;
      seen.add(e.to);
      const extra = graph.gained(account, e.to);
      lines.push(`  acts as  ${e.to}: ${e.how}  (${e.grant.via})`);
      for (const g of extra) lines.push(`    gains  ${describeGrant(g)}  (${g.via})`);
    }
  }
  if (lines.length === 1) lines.push('', 'no ServiceAccount has RBAC in this run');
  return `${lines.join('\n')}\n`;
}

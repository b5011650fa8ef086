import { duringRun, perRun, podSpecOf } from '../../src/policy/workloads';

/* Lookups remembered during a policy run, and only then. */

test('perRun works a lookup out once per object during a run, and again in each new run and outside one', () => {
  let computed = 0;
  const lookup = perRun((o: { n: number }) => {
    computed++;
    return o.n * 2;
  });
  const a = { n: 1 };
  expect(duringRun(() => [lookup(a), lookup(a), lookup({ n: 2 })])).toEqual([2, 2, 4]);
  expect(computed).toBe(2);
  // Changed between runs: the next run sees the change.
  a.n = 5;
  expect(duringRun(() => lookup(a))).toBe(10);
  expect(computed).toBe(3);
  // Outside a run nothing is kept.
  expect([lookup(a), lookup(a)]).toEqual([10, 10]);
  expect(computed).toBe(5);
  // A run inside a run has its own lookups; the outer run works them out again after it.
  duringRun(() => {
    lookup(a);
    duringRun(() => lookup(a));
    lookup(a);
  });
  expect(computed).toBe(8);
});

test('podSpecOf finds the pod template of each workload kind', () => {
  const template = { metadata: { labels: { app: 'x' } }, spec: { containers: [] } };
  expect(podSpecOf({ kind: 'Deployment', spec: { template } })?.path).toBe('spec.template.spec');
  expect(podSpecOf({ kind: 'CronJob', spec: { jobTemplate: { spec: { template } } } })?.path).toBe('spec.jobTemplate.spec.template.spec');
  expect(podSpecOf({ kind: 'Service', spec: {} })).toBeUndefined();
});

import { execFileSync, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { parse } from 'yaml';
import { ROOT, tempDir } from '../support/helpers';

/*
 * Runs the publish workflow's "Replace the dist branch" step for real, against a local bare
 * repository standing in for GitHub: branch created on first run, nothing pushed when
 * nothing changed, a new commit naming the source when dist/ changed.
 */

const step = parse(fs.readFileSync(path.join(ROOT, '.github/workflows/publish.yml'), 'utf8'))
  .jobs.publish.steps.find((s: any) => s.name === 'Replace the dist branch with dist/');

function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', args, { cwd, encoding: 'utf8', env: { ...process.env, GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@t', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@t' } }).trim();
}

function publish(work: string, sha: string) {
  // TMPDIR: the step's own worktree (mktemp -d) lands in a directory the test removes.
  const tmp = tempDir();
  const run = spawnSync('bash', ['-c', step.run], {
    cwd: work,
    encoding: 'utf8',
    env: { ...process.env, TMPDIR: tmp, SOURCE_SHA: sha, GITHUB_SERVER_URL: 'https://github.com', GITHUB_REPOSITORY: 'acme/mcp-deploy' },
  });
  // The step removes its worktree when it ends, pushed or not.
  expect(fs.readdirSync(tmp)).toEqual([]);
  return run;
}

describe('publish workflow: the dist branch', () => {
  test('is created, left alone when unchanged, and replaced when dist/ changes', () => {
    const origin = tempDir();
    git(origin, 'init', '-q', '--bare', '-b', 'main');
    const work = tempDir({ 'dist/dev/a.yaml': 'a: 1\n', 'dist/argocd/root.yaml': 'r: 1\n', 'src/x.ts': 'x\n' });
    git(work, 'init', '-q', '-b', 'main');
    git(work, 'add', '-A');
    git(work, 'commit', '-q', '-m', 'first');
    git(work, 'remote', 'add', 'origin', origin);
    git(work, 'push', '-q', 'origin', 'main');

    // First run: the branch does not exist yet.
    const first = publish(work, 'aaaa111');
    expect(first.status).toBe(0);
    expect(git(origin, 'ls-tree', '-r', '--name-only', 'dist').split('\n').sort()).toEqual(['argocd/root.yaml', 'dev/a.yaml']);
    expect(git(origin, 'log', '-1', '--format=%B', 'dist')).toContain('Render of aaaa111');
    expect(git(origin, 'log', '-1', '--format=%B', 'dist')).toContain('https://github.com/acme/mcp-deploy/commit/aaaa111');

    // Same content: nothing is pushed.
    const again = publish(work, 'bbbb222');
    expect(again.status).toBe(0);
    expect(again.stdout).toContain('nothing to publish');
    expect(git(origin, 'rev-list', '--count', 'dist')).toBe('1');

    // Changed content: a file removed from dist/ disappears from the branch too.
    fs.rmSync(path.join(work, 'dist/dev/a.yaml'));
    fs.writeFileSync(path.join(work, 'dist/dev/b.yaml'), 'b: 1\n');
    const third = publish(work, 'cccc333');
    expect(third.status).toBe(0);
    expect(git(origin, 'ls-tree', '-r', '--name-only', 'dist').split('\n').sort()).toEqual(['argocd/root.yaml', 'dev/b.yaml']);
    expect(git(origin, 'rev-list', '--count', 'dist')).toBe('2');
  });
});

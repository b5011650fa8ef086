import { execFileSync } from 'child_process';
import { ClaimMatch, requiredScopesExpression, toolAccessExpression, toolAccessExpressionByTarget } from '../../src/constructs';
import { celcheckBinary, InstalledPrograms, installedPrograms } from '../pods/harness/programs';
import { installedOrReported } from '../support/helpers';

/*
 * The CEL rule agentgateway requires of each MCP subject (backend.mcp.authorization), built
 * from tools: {allow, deny}. The decisions are evaluated with cel-go, the reference CEL
 * implementation, against subjects shaped as agentgateway gives them (`mcp.tool` = {name,
 * target} for a tool; `mcp.prompt` / `mcp.resource` otherwise). agentgateway itself (Rust)
 * cannot be built here: its own evaluator is not what runs these.
 */

const programs = installedPrograms();

test('allow, deny, or both become one expression; names are quoted as CEL strings', () => {
  expect(toolAccessExpression({ allow: ['a'] })).toBe('!has(mcp.tool) || (mcp.tool.name in ["a"])');
  expect(toolAccessExpression({ deny: ['b', 'c'] })).toBe('!has(mcp.tool) || (!(mcp.tool.name in ["b", "c"]))');
  expect(toolAccessExpression({ allow: ['a', 'b'], deny: ['b'] })).toBe('!has(mcp.tool) || (mcp.tool.name in ["a", "b"] && !(mcp.tool.name in ["b"]))');
});

test.each([
  ['a" || true || "', 'a quote that would end the CEL string'],
  ['a\\', 'a backslash'],
  ['', 'nothing'],
  ['x'.repeat(129), 'more than 128 characters'],
])('a tool name such as %j (%s) is refused before it reaches CEL', (name) => {
  expect(() => toolAccessExpression({ allow: [name] })).toThrow(/^expected a tool name \(letters, digits, "_", "-", "."; at most 128\), got "/);
});

test('neither allow nor deny is refused: it would be a rule that does nothing', () => {
  expect(() => toolAccessExpression({})).toThrow('expected tools to allow, deny or grant, got none');
  expect(() => toolAccessExpressionByTarget([])).toThrow('expected at least one target with tool limits, got none');
});

test('a target name that is not a DNS subdomain is refused before it reaches CEL', () => {
  expect(() => toolAccessExpressionByTarget([{ target: 'a" || true || "', access: { allow: ['x'] } }])).toThrow(/^expected a target name \(a DNS subdomain\), got "a\" \|\| true/);
});

if (installedOrReported(programs, 'the CEL evaluation of tool rules')) {
  const evaluate = (expression: string, subjects: object[]): unknown[] =>
    JSON.parse(execFileSync(celcheckBinary(programs as InstalledPrograms), { input: JSON.stringify({ expression, subjects }) }).toString());
  const tool = (name: string) => ({ tool: { name, target: 'demo' } });

  test('cel-go: only allowed tools that are not denied pass; prompts and resources are not tools and pass', () => {
    const expression = toolAccessExpression({ allow: ['search', 'fetch', 'delete'], deny: ['delete'] });
    expect(evaluate(expression, [tool('search'), tool('fetch'), tool('delete'), tool('drop_table'), tool('Search'), { prompt: { name: 'summarize', target: 'demo' } }, { resource: { name: 'file:///a', target: 'demo' } }]))
      .toEqual([true, true, false, false, false, true, true]);
  });

  test('cel-go: a deny list alone lets every other tool through', () => {
    expect(evaluate(toolAccessExpression({ deny: ['delete'] }), [tool('delete'), tool('search')])).toEqual([false, true]);
  });

  test('cel-go: in a backend of several servers, each server\'s limits apply to its own tools only', () => {
    const expression = toolAccessExpressionByTarget([{ target: 'github', access: { allow: ['get_issue'] } }, { target: 'search', access: { deny: ['drop_index'] } }]);
    const of = (target: string, name: string) => ({ tool: { name, target } });
    expect(evaluate(expression, [of('github', 'get_issue'), of('github', 'delete_repo'), of('search', 'query'), of('search', 'drop_index'), of('kubernetes', 'drop_index'), { prompt: { name: 'p', target: 'github' } }]))
      .toEqual([true, false, true, false, true, true]);
  });

  test('cel-go: a tool subject without a name fails to evaluate, which a Require rule counts as a denial', () => {
    expect(evaluate(toolAccessExpression({ allow: ['search'] }), [{ tool: { target: 'demo' } }])).toEqual([{ error: expect.stringMatching(/no such key: name/) }]);
  });

  const decide = (expression: string, activations: Array<{ mcp: object; jwt: object | null }>): unknown[] =>
    JSON.parse(execFileSync(celcheckBinary(programs as InstalledPrograms), { input: JSON.stringify({ expression, activations }) }).toString());

  test('cel-go: a granted tool is listed and callable for tokens matching one of its grants only; other tools are not affected', () => {
    const expression = toolAccessExpression({
      deny: ['drop_table'],
      grants: [{ when: ClaimMatch.contains('groups', 'sre'), tools: ['restart', 'scale'] }, { when: ClaimMatch.equals('sub', 'oncall-bot'), tools: ['restart'] }],
    });
    const sre = { sub: 'jane', groups: ['engineering', 'sre'] };
    const dev = { sub: 'joe', groups: ['engineering'] };
    const bot = { sub: 'oncall-bot' };
    const call = (name: string, jwt: object | null) => ({ mcp: { tool: { name, target: 'demo' } }, jwt });
    expect(decide(expression, [
      call('restart', sre), call('scale', sre), call('search', sre), call('drop_table', sre),
      call('restart', dev), call('scale', dev), call('search', dev),
      call('restart', bot), call('scale', bot),
      { mcp: { prompt: { name: 'p', target: 'demo' } }, jwt: dev },
    ])).toEqual([true, true, true, false, false, false, true, true, { error: expect.stringMatching(/no such key: groups/) }, true]);
    // Without a token (jwt is null) a granted tool fails to evaluate: a Require rule denies it.
    expect(decide(expression, [call('restart', null), call('search', null)])).toEqual([{ error: expect.any(String) }, true]);
  });

  test('cel-go: required scopes are words of the scope claim; a token without the claim is denied', () => {
    const expression = requiredScopesExpression(['mcp:tools', 'repo.read']);
    const subject = { mcp: { tool: { name: 'search', target: 'demo' } } };
    expect(decide(expression, [
      { ...subject, jwt: { scope: 'openid mcp:tools repo.read' } },
      { ...subject, jwt: { scope: 'mcp:tools' } },
      { ...subject, jwt: { scope: 'mcp:tools repoXread' } },
      { ...subject, jwt: { scope: 'mcp:tools-admin repo.read' } },
      { ...subject, jwt: { sub: 'jane' } },
    ])).toEqual([true, false, false, false, { error: expect.stringMatching(/no such key: scope/) }]);
    expect(decide(requiredScopesExpression(['Tools.Read'], 'scp'), [{ ...subject, jwt: { scp: 'User.Read Tools.Read' } }])).toEqual([true]);
  });
}

test('claims, claim values and scopes are checked before they are quoted into CEL', () => {
  expect(() => ClaimMatch.equals('sub" || true || "', 'x')).toThrow(/^expected a claim name/);
  expect(() => ClaimMatch.contains('groups', 'sre" || true || "')).toThrow(/^expected a claim value of at most 256 printable characters without quotes or backslashes, got "sre\" \|\| true/);
  expect(() => requiredScopesExpression(['a b'])).toThrow(/^expected a scope/);
  expect(() => requiredScopesExpression(['(.*)'])).toThrow(/^expected a scope/);
  expect(() => requiredScopesExpression([])).toThrow('expected at least one required scope, got none');
  expect(toolAccessExpression({ grants: [{ when: ClaimMatch.contains('cognito:groups', 'sre'), tools: ['restart'] }] }))
    .toBe('!has(mcp.tool) || ((!(mcp.tool.name in ["restart"]) || (mcp.tool.name in ["restart"] && "sre" in jwt["cognito:groups"])))');
});

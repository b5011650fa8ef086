// celcheck evaluates one CEL expression, as agentgateway's authorization rules are written,
// against several values of the variable `mcp` (the subject agentgateway authorizes: a tool,
// prompt or resource) and of `jwt` (the caller's token claims). It reads {"expression": "...", "subjects": [{...}, ...]} on stdin and
// prints one JSON result per subject: true, false, or {"error": "..."} when evaluation fails
// (which a Require rule treats as a denial). It is the reference CEL implementation
// (github.com/google/cel-go), not agentgateway's own evaluator, which this machine cannot build.
package main

import (
	"encoding/json"
	"fmt"
	"os"

	"github.com/google/cel-go/cel"
)

type input struct {
	Expression string           `json:"expression"`
	Subjects   []map[string]any `json:"subjects"`
	// Whole activations ({"mcp": ..., "jwt": ...}), for rules on the caller's token claims;
	// agentgateway's `jwt` is the token's claims, or null without a token.
	Activations []map[string]any `json:"activations"`
}

func main() {
	var in input
	if err := json.NewDecoder(os.Stdin).Decode(&in); err != nil {
		fail("reading input: %v", err)
	}
	env, err := cel.NewEnv(cel.Variable("mcp", cel.MapType(cel.StringType, cel.DynType)), cel.Variable("jwt", cel.DynType))
	if err != nil {
		fail("environment: %v", err)
	}
	ast, issues := env.Compile(in.Expression)
	if issues != nil && issues.Err() != nil {
		fail("compiling %q: %v", in.Expression, issues.Err())
	}
	program, err := env.Program(ast)
	if err != nil {
		fail("program: %v", err)
	}
	activations := in.Activations
	for _, subject := range in.Subjects {
		activations = append(activations, map[string]any{"mcp": subject, "jwt": nil})
	}
	results := make([]any, 0, len(activations))
	for _, activation := range activations {
		out, _, err := program.Eval(activation)
		if err != nil {
			results = append(results, map[string]string{"error": err.Error()})
			continue
		}
		results = append(results, out.Value())
	}
	if err := json.NewEncoder(os.Stdout).Encode(results); err != nil {
		fail("writing output: %v", err)
	}
}

func fail(format string, args ...any) {
	fmt.Fprintf(os.Stderr, "celcheck: "+format+"\n", args...)
	os.Exit(2)
}

//go:build tools

// Package tools pins toolhive's thv, whose `thv proxy` is the auth proxy in front of MCP
// servers with auth.oauth, built by scripts/install-test-programs. v0.47.0 is the last
// release the Go module proxy serves that builds with Go 1.26 (see src/images/toolhive.ts).
package tools

import _ "github.com/stacklok/toolhive/cmd/thv"

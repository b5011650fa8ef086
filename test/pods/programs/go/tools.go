//go:build tools

// Package tools pins the programs the pod tests build from the Go module proxy.
package tools

import _ "github.com/github/github-mcp-server/cmd/github-mcp-server"

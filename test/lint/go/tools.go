//go:build tools

// Package tools pins the linters the lint tests build from the Go module proxy.
package tools

import _ "github.com/zegl/kube-score/cmd/kube-score"

# shellcheck shell=bash
# Shared by scripts/up and scripts/down: kubectl invocation, dry-run, checks, the plan.

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
SELECTOR_MANAGED="app.kubernetes.io/managed-by=cdk8s-mcp"
DRY_RUN=false
CONTEXT=""

die() {
  printf 'error: %s\n' "$*" >&2
  exit 1
}

# kubectl with the chosen context, as an array so arguments are never re-split.
kube() {
  local cmd=(kubectl)
  if [ -n "$CONTEXT" ]; then cmd+=(--context "$CONTEXT"); fi
  cmd+=("$@")
  if [ "$DRY_RUN" = true ]; then
    local out=() arg
    for arg in "${cmd[@]}"; do out+=("$(shell_quote "$arg")"); done
    printf '%s\n' "${out[*]}"
  else
    "${cmd[@]}"
  fi
}

# An argument as it must be typed in a shell: bare when safe, else in single quotes.
shell_quote() {
  if [[ "$1" =~ ^[A-Za-z0-9_./:=,@+%-]+$ ]]; then
    printf '%s' "$1"
  else
    printf "'%s'" "${1//\'/\'\\\'\'}"
  fi
}

require_cluster() {
  [ "$DRY_RUN" = true ] && return 0
  command -v kubectl >/dev/null 2>&1 || die "kubectl not found on PATH: install it (https://kubernetes.io/docs/tasks/tools/) or use --dry-run to see the commands"
  kube version --request-timeout=5s >/dev/null 2>&1 \
    || die "cannot reach a Kubernetes cluster${CONTEXT:+ with context \"$CONTEXT\"}: check 'kubectl config current-context' or pass --context"
}

# The facts about <dist>/<env> that the scripts act on (see src/cli/plan.ts). The rendered
# output is dist/ unless MCP_DIST_DIR names another (synth --out).
load_plan() {
  local env="$1"
  local dist="${MCP_DIST_DIR:-dist}"
  case "$dist" in /*) ;; *) dist="$ROOT/$dist" ;; esac
  local dir="$dist/$env"
  if [ ! -d "$dir" ] || [ "$env" = argocd ]; then
    local known
    known="$(find "$dist" -mindepth 1 -maxdepth 1 -type d ! -name argocd -exec basename {} \; 2>/dev/null | sort | paste -sd' ' -)"
    die "no rendered environment \"$env\" in ${MCP_DIST_DIR:-dist}/ (known: ${known:-none}); run 'npm run synth' first"
  fi
  [ -f "$ROOT/lib/src/cli/plan.js" ] || die "lib/ is not built: run 'npm ci' (or 'npm run build') first"
  PLAN="$(node "$ROOT/lib/src/cli/plan.js" "$dir")" || die "cannot read $dir"
  DIST_DIR="${MCP_DIST_DIR:-dist}/$env"
}

# Lines of the plan of one kind, without the kind column.
plan() {
  printf '%s\n' "$PLAN" | awk -F '\t' -v kind="$1" '$1 == kind { sub(/^[^\t]*\t/, ""); print }'
}

# What `kubectl get` prints per object for pruning: resource.group, namespace (or -), name.
PRUNE_COLUMNS='custom-columns=KIND:.kind,APIVERSION:.apiVersion,NAMESPACE:.metadata.namespace,NAME:.metadata.name'

# Objects of this environment in the cluster (every namespace) that dist/<env>/ no longer has,
# as "resource namespace-or-- name" lines. kubectl --prune only looks in the namespaces it
# applies to, so a server removed with the last object of its namespace would be missed.
stale_objects() {
  local rendered
  rendered="$(plan object | awk -F '\t' '{ print $1 " " $2 " " $3 }' | sort -u)"
  kube get "$1" --all-namespaces -l "$SELECTOR" -o "$PRUNE_COLUMNS" --no-headers \
    | node "$ROOT/lib/src/cli/plan.js" --resources \
    | sort -u \
    | comm -23 - <(printf '%s\n' "$rendered")
}

# The kinds we render that this cluster serves, comma-separated: kubectl get refuses a list
# with a kind the cluster lacks (a PodMonitor without the Prometheus Operator's CRDs).
served_resources() {
  if [ "$DRY_RUN" = true ]; then
    plan resource | paste -sd, -
    return
  fi
  local served
  served="$(kube api-resources -o name 2>/dev/null)" || die "cannot list the cluster's API resources"
  plan resource | grep -Fx -f <(printf '%s\n' "$served") | paste -sd, -
}

#!/usr/bin/env bash
# Proves the template holds for someone else's settings: for each configuration below, a throwaway
# clone of this checkout is pointed at another repository with `npm run configure` (no other
# edit), then `npx cdk synth`, `npm run doctor -- --workflow` and the whole `npm test` must pass
# there. Run from the repository root (by .ci/run), after npm ci.
set -euo pipefail

# another owner spelling, numeric IDs, a branch and a tag pattern, another region
ACME=(--repository Acme-Labs/payments-api --owner-id 4242 --repository-id 90210
  --branch main --tag 'v*' --region eu-central-1)
# a GitHub environment (the role trusts it, not the branch), release branches, other names
PLATFORM=(--repository platform-team/Billing.Service --branch 'release/*' --environment production
  --region us-west-2 -c env=prod -c ecrRepositoryName=billing/service)

# two ECS deploy stages in other accounts (issue 14): configure adds their deploy jobs to the workflow
STAGES='[{"name":"staging","account":"222222222222","region":"eu-west-1","environment":"staging","cluster":"web","services":["api","worker"],"passRoles":["arn:aws:iam::222222222222:role/api-task","arn:aws:iam::222222222222:role/ecsTaskExecution"]},{"name":"production","account":"333333333333","region":"eu-west-1","environment":"production","cluster":"web","services":["api"],"passRoles":["arn:aws:iam::333333333333:role/api-task","arn:aws:iam::333333333333:role/ecsTaskExecution"]}]'
NORTHWIND=(--repository Northwind/storefront --owner-id 777 --repository-id 888 --branch main
  --region eu-west-1 -c "deployStages=$STAGES")

ms_since() { echo "$((($(date +%s%N) - $1) / 1000000)) ms"; }

adopt() {
  local dir start
  dir=$(mktemp -d -t github-oidc-ecr-adopter.XXXXXX)
  printf '\n--- adopter: npm run configure -- %s\n' "$*"
  git clone -q "$PWD" "$dir"
  (
    cd "$dir"
    npm ci --no-audit --no-fund --loglevel=error
    start=$(date +%s%N)
    npm run --silent configure -- "$@"
    echo "configure: $(ms_since "$start")"
    npx cdk synth -q
    npm run --silent doctor -- --workflow
    if grep -q deployStages cdk.json; then
      npm run --silent doctor -- --stage staging >/dev/null
      npm run --silent lint:workflows
    fi
    start=$(date +%s%N)
    npm test
    echo "npm test in the adopted clone: $(ms_since "$start")"
  )
  rm -rf "$dir"
}

adopt "${ACME[@]}"
adopt "${PLATFORM[@]}"
adopt "${NORTHWIND[@]}"

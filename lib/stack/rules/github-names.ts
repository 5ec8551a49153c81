/**
 * GitHub's own naming rules, as pure checks. Each returns `undefined` when the value is
 * acceptable, or a short sentence saying what is accepted.
 */

/** User and organisation names: 1–39 alphanumerics or single inner hyphens. */
const OWNER = /^[A-Za-z0-9](?:[A-Za-z0-9]|-(?=[A-Za-z0-9])){0,38}$/;
/**
 * Enterprise Managed Users (GitHub Enterprise Cloud, every user of a `*.ghe.com` tenant):
 * `HANDLE_SHORTCODE`, the identity provider's handle and the enterprise's 3–8 character short
 * code, 39 characters at most in all.
 */
const MANAGED_USER = /^[A-Za-z0-9](?:[A-Za-z0-9]|-(?=[A-Za-z0-9]))*_[A-Za-z0-9]{3,8}$/;
/** Repository names: 1–100 of A–Z a–z 0–9 . _ - */
const REPOSITORY = /^[A-Za-z0-9._-]{1,100}$/;
/** GitHub's numeric IDs: a positive decimal integer without leading zeros. */
const NUMERIC_ID = /^[1-9][0-9]{0,18}$/;

export function checkOwnerName(value: string): string | undefined {
  if (!OWNER.test(value) && !(MANAGED_USER.test(value) && value.length <= 39)) {
    return "a GitHub user or organisation name: 1–39 letters, digits or single hyphens, not starting or ending with a hyphen, or a managed user's HANDLE_SHORTCODE (no wildcards)";
  }
  return undefined;
}

export function checkRepositoryName(value: string): string | undefined {
  if (!REPOSITORY.test(value) || value === '.' || value === '..') {
    return 'a GitHub repository name: 1–100 letters, digits, ".", "_" or "-", without the owner (no wildcards)';
  }
  if (value.toLowerCase().endsWith('.git')) {
    return 'the repository name without the ".git" suffix';
  }
  return undefined;
}

export function checkNumericId(value: string): string | undefined {
  if (!NUMERIC_ID.test(value) || !Number.isSafeInteger(Number(value))) {
    return "the numeric ID GitHub reports (a positive whole number, e.g. from `gh api repos/OWNER/REPO --jq '.owner.id, .id'`)";
  }
  return undefined;
}

/** The path of a workflow file inside the repository, as it appears in `job_workflow_ref`. */
const WORKFLOW_FILE = /^\.github\/workflows\/[A-Za-z0-9._-]+\.ya?ml$/;

export function checkWorkflowFile(value: string): string | undefined {
  if (!WORKFLOW_FILE.test(value)) {
    return 'a workflow file path such as ".github/workflows/deploy-ecr.yml" (directly under .github/workflows, ending in .yml or .yaml)';
  }
  return undefined;
}

/**
 * Host of the OIDC issuer: github.com's, or GitHub Enterprise Cloud with data residency
 * (`token.actions.SUBDOMAIN.ghe.com`).
 */
const ISSUER_HOST = /^token\.actions\.(?:githubusercontent\.com|[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.ghe\.com)$/;

export function checkIssuerHost(value: string): string | undefined {
  if (!ISSUER_HOST.test(value)) {
    return '"token.actions.githubusercontent.com" (github.com) or "token.actions.SUBDOMAIN.ghe.com" (GitHub Enterprise Cloud with data residency), without https://';
  }
  return undefined;
}

/** The doctor's help text (`npm run doctor -- --help`). */
import { DEPLOY_WORKFLOW_PATH as DEFAULT_WORKFLOW } from '../../workflow/deploy-workflow';

/** What `npm run doctor -- --help` prints. */
export const DOCTOR_USAGE = `Usage: npm run doctor -- RUN [options]
       npm run doctor -- --workflow [FILE] [options]

Says whether a GitHub Actions run may assume the deploy role (as the synthesized trust policy
decides it), and if not, which condition fails and which setting or workflow change fixes it.

RUN (one of):
  --branch NAME          a push to a branch                    e.g. --branch feature-x
  --ref REF              a full ref                            e.g. --ref refs/heads/feature-x
  --tag NAME             a pushed tag                          e.g. --tag v1.2.0
  --environment NAME     a job with "environment: NAME" (add --branch/--ref for its ref)
  --pull-request [N]     a pull-request run
  --sub SUB              a token with exactly this sub claim (other claims made up to match)
  --claims FILE          token claims as JSON, evaluated as they are (nothing is filled in)
  --jwt TOKEN|@FILE      a real GitHub OIDC token, evaluated as it is: its payload is decoded
                         locally (no signature check, nothing is sent anywhere)

Generated runs are jobs of the file workflowFile pins, or of ${DEFAULT_WORKFLOW} when it pins none.

Simulating other runs (with --branch/--ref/--tag/--environment/--pull-request/--sub):
  --repository OWNER/REPO   a run of another repository (or another spelling of this one);
                            with repositories in the settings: the repository whose role to check
  --owner-id ID, --repository-id ID   the numeric IDs GitHub sends for it
  --sub-format name|immutable         repo:OWNER/REPO:… or repo:OWNER@ID/REPO@ID:…
  --workflow-file PATH      the workflow file that runs (job_workflow_ref)
  --audience AUD, --issuer URL

Options:
  --workflow [FILE]      check the deploy workflow (default ${DEFAULT_WORKFLOW}) against the stack;
                         with --workflow-file PATH, FILE is checked as the repository's PATH
                         (a copy kept elsewhere, e.g. one configure --workflow-out wrote)
  -c, --context KEY=VALUE  a setting, as for cdk synth (repeatable)
  -o, --output DIR       cloud assembly directory (default cdk.out)
  --synth                synthesize even if the template looks current
  --json                 machine-readable output
  -h, --help

Exit codes: 0 allowed (or workflow consistent), 1 denied (or inconsistent), 2 usage or configuration error.`;

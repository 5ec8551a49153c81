/**
 * Rule `stage-variables`: a stage job reads the variables its environment gets from the stage
 * stack's outputs (`npm run github-setup` sets them per environment), and no other: another
 * variable is one nobody is told to set, and reads as the repository's value or as empty. One it
 * leaves unread (a cluster written into the file) no longer follows the stage stack.
 */
import { variablesReadIn } from '../expressions';
import type { WorkflowProblem } from '../workflow-problem';
import type { CheckContext } from './context';
import { stagesWithJobs } from './shared';

/** Compares the `vars.NAME` each stage job reads with the stage variables. */
export function stageVariables(context: CheckContext): WorkflowProblem[] {
  const { workflow, stageVariables: provided } = context;
  const path = workflow.path;
  const expected = Object.values(provided);
  const names = expected.map((v) => v.variable).join(', ');
  const problems: WorkflowProblem[] = [];
  for (const { stage, job } of stagesWithJobs(context)) {
    if (!job) continue;
    const read = new Set(
      workflow.document.expressions
        .filter((site) => site.path.startsWith(`jobs.${job.id}.`))
        .flatMap((site) => variablesReadIn(`\${{ ${site.expression} }}`)),
    );
    for (const name of [...read].sort()) {
      if (expected.some((v) => v.variable === name)) continue;
      problems.push({
        check: 'stage-variables',
        severity: 'error',
        fix: ['workflow'],
        message: `job "${job.id}" reads vars.${name}, which the stage stack does not provide (environment "${stage.environment}" gets ${names} from its outputs through npm run github-setup): stop reading it in ${path} (or remove the job and run npm run configure, which writes it from the template).`,
      });
    }
    for (const v of expected) {
      if (read.has(v.variable)) continue;
      problems.push({
        check: 'stage-variables',
        severity: 'warning',
        fix: ['workflow'],
        message: `job "${job.id}" never reads vars.${v.variable} (stage stack output ${v.output}), so what it stands for is written into ${path} and no longer follows the stage stack: read it from the environment's variable, as the template does (npm run configure writes it).`,
      });
    }
  }
  return problems;
}

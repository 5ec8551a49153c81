/**
 * GitHub Actions' `${{ … }}` expressions: one parser (expressions/lexer.ts, parser.ts) that the
 * workflow checks read with (scan.ts: which contexts, repository variables and step outputs an
 * expression reads) and the e2e rehearsal evaluates with (evaluate.ts).
 */
export { ExpressionError } from './expressions/error';
export { condition, evaluate, interpolate, type Contexts } from './expressions/evaluate';
export { parseExpression, parseTolerant, type Node } from './expressions/parser';
export {
  contextPathsIn,
  contextReadsInExpression,
  pathText,
  stepOutputsReadIn,
  variablesInExpression,
  variablesReadIn,
  type ContextRead,
  type PathStep,
} from './expressions/scan';
export { expressionSites, expressionsIn, hasExpression, type ExpressionSite } from './expressions/template';
export { asString, truthy } from './expressions/values';

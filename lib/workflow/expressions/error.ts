/** An expression GitHub would refuse (a syntax error), or one the evaluator cannot compute. */
export class ExpressionError extends Error {
  constructor(expression: string, problem: string) {
    super(`expression \${{ ${expression} }}: ${problem}`);
    this.name = 'ExpressionError';
  }
}

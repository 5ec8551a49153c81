/** A workflow configure cannot edit safely (it says why in one line). */
export class WorkflowEditError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'WorkflowEditError';
  }
}

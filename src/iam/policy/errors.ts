/**
 * The one error a policy document can produce. IAM answers every problem in a
 * document with `MalformedPolicyDocument`; the message names where the problem
 * is ("Statement[2].Condition: ...") so a user can find it in a long document.
 */
export class PolicyError extends Error {
  readonly code = 'MalformedPolicyDocument';
  /** Where in the document, e.g. "Statement[2].Condition" ('' for the whole document). */
  readonly where: string;

  constructor(where: string, problem: string) {
    super(where === '' ? problem : `${where}: ${problem}`);
    this.name = 'PolicyError';
    this.where = where;
  }
}

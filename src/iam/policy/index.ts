// The public surface of the policy engine: pure code, no I/O (the
// dependency-cruiser rule iam-no-io). Parse and compile a document once,
// evaluate it per request.
export { PolicyError } from './errors.js';
export { parsePolicy, DEFAULT_MAX_CHARS, type CompiledPolicy, type ParseOptions } from './parse.js';
export { evaluate, type Decision, type DecidingStatement, type EvaluationInput, type PolicySource } from './evaluate.js';
export { type ConditionValues, type Effect, type PolicyKind, type RequestContext, type RequestPrincipal } from './types.js';
export { evaluateTrust, type TrustInput } from './trust.js';

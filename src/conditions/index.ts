/**
 * The one condition language (views, SLA policies, routing rules, rule-based segments): the shapes and
 * operators (`types.ts`), validation naming the bad path (`validate.ts`), the in-memory evaluator
 * (`evaluate.ts`) and its SQL twin (`compile.ts`).
 */
export { compileCondition, compileCondition as compile } from './compile'
export { cutoffOf, evaluateCondition, evaluateCondition as evaluate } from './evaluate'
export * from './types'
export {
  assertValidCondition,
  type ConditionValidationOptions,
  conditionErrors,
  isCalendarDate,
  isInstant,
} from './validate'

/**
 * Why a closed-loop write was refused. Plain errors with a stable code, so the CLI and the demo
 * can show them as they are and the GraphQL layer can turn them into coded GraphQL errors.
 */
export type LoopErrorCode =
  | 'NOT_FOUND'
  | 'NOT_QUALIFIED'
  | 'BAD_TRANSITION'
  | 'BAD_ARGUMENTS'
  | 'BAD_AMOUNT'
  | 'MISSING_LOSS_REASON'
  | 'BAD_TOUCH_TYPE'
  | 'BAD_HALF_LIFE'
  | 'BAD_THRESHOLDS'
  | 'BAD_MQL_THRESHOLD'
  | 'BAD_TARGET_HOURS'
  | 'BAD_TIME_ZONE'
  | 'BAD_BUSINESS_DAYS'
  | 'BAD_HOURS'
  | 'BAD_GOALS'
  | 'BAD_STAGES'
  | 'BAD_STAGE_KEY'
  | 'DUPLICATE_STAGE'
  | 'BAD_STAGE_ORDER'
  | 'STAGE_IN_USE';

export class LoopError extends Error {
  override name = 'LoopError';

  constructor(
    readonly code: LoopErrorCode,
    message: string,
  ) {
    super(message);
  }
}

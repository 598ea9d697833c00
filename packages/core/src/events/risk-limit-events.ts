// Events of the Risk Manager's controls: a limit, the restricted list, the kill switch or the manual
// override mode changed.
import type { AccountId } from '../identifiers/identifiers.js';
import type { EventHeader } from './event.js';

/** Where a limit applies: the whole account, one strategy of it, or one symbol of it. */
export type RiskLimitScope = 'account' | 'strategy' | 'symbol';

/**
 * An operator changed a risk control through the API (stored before this is published), for the
 * audit trail. `kind` says which control: a limit (`key` names it), the restricted list (`key` is the
 * symbol; value 'restricted' or null), the kill switch (`key` 'kill_switch'; value 'halted' or null)
 * or the manual override mode (`key` 'manual_override'; value 'on' or null: only manual orders).
 */
export interface RiskLimitChanged extends EventHeader {
  readonly type: 'RiskLimitChanged';
  readonly accountId: AccountId;
  readonly kind: 'limit' | 'restricted-list' | 'kill-switch' | 'manual-override';
  readonly scope: RiskLimitScope;
  /** The account id, strategy id or symbol the scope names. */
  readonly scopeId: string;
  readonly key: string;
  /** The value before and after, as text; null when unset (the default applied). */
  readonly previous: string | null;
  readonly value: string | null;
  readonly reason: string;
  readonly changedBy: string;
}

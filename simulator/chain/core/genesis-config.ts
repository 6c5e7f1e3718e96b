// The genesis configuration every pallet's `genesis` hook receives (the chain spec's runtime genesis config).
import type { AccountId } from './dispatch/types';

export interface GenesisAuthority {
  readonly account: AccountId;
  /** sr25519 public key (Aura). */
  readonly aura: Uint8Array;
  /** ed25519 public key (GRANDPA). */
  readonly grandpa: Uint8Array;
}

export interface GenesisConfig {
  /** Chain time of block 0 in ms; block n gets time + n × 6000 unless time-travelled. */
  readonly time: number;
  /** Endowed accounts (pallet_balances `balances`). */
  readonly balances: ReadonlyArray<readonly [AccountId, bigint]>;
  /** Council members (CouncilMembership → Council). */
  readonly council: readonly AccountId[];
  readonly authorities: readonly GenesisAuthority[];
  /**
   * Per-pallet sections for pallets whose genesis is richer than the framework's (TfgridModule pricing and farming
   * policies, TFT price, bridge validators, …), keyed by pallet name; each pallet's hook reads its own.
   */
  readonly pallets: Readonly<Record<string, unknown>>;
}

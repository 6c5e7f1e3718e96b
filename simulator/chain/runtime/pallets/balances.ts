// Balances (index 20, pallet_balances). Balances live in System.Account.data; `Balances.Account` exists in the
// metadata but is unused by this runtime. tfchain.md §2.11.
import { blake2_128Concat, constant, definePallet, map, plain } from '../pallet';
import { array, bool, boundedVec, compact, enumType, struct, u128, u32, u8, unit, vec, weakBoundedVec } from '../types/dsl';
import { AccountId32, BalanceStatus, MultiAddress } from '../types/substrate';
import { AccountData, DEFAULT_ACCOUNT_DATA } from './system';

const Reasons = enumType('pallet_balances::types::Reasons', { Fee: 0, Misc: 1, All: 2 });
export const BalanceLock = struct('pallet_balances::types::BalanceLock', {
  id: array(u8, 8),
  amount: u128,
  reasons: Reasons,
}, { params: { Balance: u128 } });
export const ReserveData = struct('pallet_balances::types::ReserveData', { id: array(u8, 8), amount: u128 },
  { params: { ReserveIdentifier: array(u8, 8), Balance: u128 } });
// TFChain has no hold or freeze reasons: the identifier type is `()`.
export const IdAmount = struct('pallet_balances::types::IdAmount', { id: unit, amount: u128 },
  { params: { Id: unit, Balance: u128 } });

const Balance = compact(u128);
const who = { who: AccountId32, amount: u128 };

export const balances = definePallet({
  name: 'Balances',
  index: 20,
  crate: 'pallet_balances',
  storage: {
    TotalIssuance: plain(u128),
    InactiveIssuance: plain(u128),
    Account: map(blake2_128Concat(AccountId32), AccountData, { default: DEFAULT_ACCOUNT_DATA }),
    Locks: map(blake2_128Concat(AccountId32), weakBoundedVec(BalanceLock)),
    Reserves: map(blake2_128Concat(AccountId32), boundedVec(ReserveData)),
    Holds: map(blake2_128Concat(AccountId32), boundedVec(IdAmount)),
    Freezes: map(blake2_128Concat(AccountId32), boundedVec(IdAmount)),
  },
  calls: {
    transfer_allow_death: [0, { dest: MultiAddress, value: Balance }],
    set_balance_deprecated: [1, { who: MultiAddress, new_free: Balance, old_reserved: Balance }],
    force_transfer: [2, { source: MultiAddress, dest: MultiAddress, value: Balance }],
    transfer_keep_alive: [3, { dest: MultiAddress, value: Balance }],
    transfer_all: [4, { dest: MultiAddress, keep_alive: bool }],
    force_unreserve: [5, { who: MultiAddress, amount: u128 }],
    upgrade_accounts: [6, { who: vec(AccountId32) }],
    // Deprecated alias of transfer_allow_death, still present at spec 152 and used by tfchain_client.
    transfer: [7, { dest: MultiAddress, value: Balance }],
    force_set_balance: [8, { who: MultiAddress, new_free: Balance }],
  },
  events: {
    Endowed: [0, { account: AccountId32, free_balance: u128 }],
    DustLost: [1, { account: AccountId32, amount: u128 }],
    Transfer: [2, { from: AccountId32, to: AccountId32, amount: u128 }],
    BalanceSet: [3, { who: AccountId32, free: u128 }],
    Reserved: [4, who],
    Unreserved: [5, who],
    ReserveRepatriated: [6, { from: AccountId32, to: AccountId32, amount: u128, destination_status: BalanceStatus }],
    Deposit: [7, who],
    Withdraw: [8, who],
    Slashed: [9, who],
    Minted: [10, who],
    Burned: [11, who],
    Suspended: [12, who],
    Restored: [13, who],
    Upgraded: [14, { who: AccountId32 }],
    Issued: [15, { amount: u128 }],
    Rescinded: [16, { amount: u128 }],
    Locked: [17, who],
    Unlocked: [18, who],
    Frozen: [19, who],
    Thawed: [20, who],
  },
  errors: [
    'VestingBalance', 'LiquidityRestrictions', 'InsufficientBalance', 'ExistentialDeposit', 'Expendability',
    'ExistingVestingSchedule', 'DeadAccount', 'TooManyReserves', 'TooManyHolds', 'TooManyFreezes',
  ],
  constants: {
    ExistentialDeposit: constant(u128, 500),
    MaxLocks: constant(u32, 50),
    MaxReserves: constant(u32, 50),
    MaxHolds: constant(u32, 0),
    MaxFreezes: constant(u32, 0),
  },
});

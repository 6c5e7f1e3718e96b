// TFTBridgeModule (index 27, pallet_tft_bridge): Stellar <-> TFChain bridge. tfchain.md §3.3.
import { blake2_128Concat, definePallet, map, plain } from '../pallet';
import { bytes, enumType, option, struct, u128, u32, u64, vec } from '../types/dsl';
import { AccountId32 } from '../types/substrate';

const accountBlock = { AccountId: AccountId32, BlockNumber: u32 };

export const StellarSignature = struct('pallet_tft_bridge::types::StellarSignature', {
  signature: bytes,
  stellar_pub_key: bytes,
});

export const MintTransaction = struct('pallet_tft_bridge::types::MintTransaction', {
  amount: u64,
  target: AccountId32,
  block: u32,
  votes: u32,
}, { params: accountBlock });

export const BurnTransaction = struct('pallet_tft_bridge::types::BurnTransaction', {
  block: u32,
  amount: u64,
  source: option(AccountId32),
  target: bytes,
  signatures: vec(StellarSignature),
  sequence_number: u64,
}, { params: accountBlock });

export const RefundTransaction = struct('pallet_tft_bridge::types::RefundTransaction', {
  block: u32,
  amount: u64,
  target: bytes,
  tx_hash: bytes,
  signatures: vec(StellarSignature),
  sequence_number: u64,
}, { params: { BlockNumber: u32 } });

const StorageVersion = enumType('pallet_tft_bridge::types::StorageVersion', { V1: 0, V2: 1 });

const target = { target: AccountId32 };
const stellarSig = { signature: bytes, stellar_pub_key: bytes, sequence_number: u64 };

export const tftBridge = definePallet({
  name: 'TFTBridgeModule',
  index: 27,
  crate: 'pallet_tft_bridge',
  storage: {
    Validators: plain(vec(AccountId32)),
    FeeAccount: plain(AccountId32, { optional: true }),
    MintTransactions: map(blake2_128Concat(bytes), MintTransaction, { optional: true }),
    ExecutedMintTransactions: map(blake2_128Concat(bytes), MintTransaction, { optional: true }),
    BurnTransactions: map(blake2_128Concat(u64), BurnTransaction, { optional: true }),
    ExecutedBurnTransactions: map(blake2_128Concat(u64), BurnTransaction, { optional: true }),
    RefundTransactions: map(blake2_128Concat(bytes), RefundTransaction),
    ExecutedRefundTransactions: map(blake2_128Concat(bytes), RefundTransaction),
    BurnTransactionID: plain(u64),
    WithdrawFee: plain(u64),
    DepositFee: plain(u64),
    PalletVersion: plain(StorageVersion),
  },
  calls: {
    add_bridge_validator: [0, target],
    remove_bridge_validator: [1, target],
    set_fee_account: [2, target],
    set_withdraw_fee: [3, { amount: u64 }],
    set_deposit_fee: [4, { amount: u64 }],
    swap_to_stellar: [5, { target_stellar_address: bytes, amount: u128 }],
    propose_or_vote_mint_transaction: [6, { transaction: bytes, target: AccountId32, amount: u64 }],
    propose_burn_transaction_or_add_sig: [7, { transaction_id: u64, target: bytes, amount: u64, ...stellarSig }],
    set_burn_transaction_executed: [8, { transaction_id: u64 }],
    create_refund_transaction_or_add_sig: [9, { tx_hash: bytes, target: bytes, amount: u64, ...stellarSig }],
    set_refund_transaction_executed: [10, { tx_hash: bytes }],
  },
  events: {
    MintTransactionProposed: [0, bytes, AccountId32, u64],
    MintTransactionVoted: [1, bytes],
    MintCompleted: [2, MintTransaction, bytes],
    MintTransactionExpired: [3, bytes, u64, AccountId32],
    BurnTransactionCreated: [4, u64, AccountId32, bytes, u64],
    BurnTransactionProposed: [5, u64, bytes, u64],
    BurnTransactionSignatureAdded: [6, u64, StellarSignature],
    BurnTransactionReady: [7, u64],
    BurnTransactionProcessed: [8, BurnTransaction],
    BurnTransactionExpired: [9, u64, option(AccountId32), bytes, u64],
    RefundTransactionCreated: [10, bytes, bytes, u64],
    RefundTransactionsignatureAdded: [11, bytes, StellarSignature],
    RefundTransactionReady: [12, bytes],
    RefundTransactionProcessed: [13, RefundTransaction],
    RefundTransactionExpired: [14, bytes, bytes, u64],
  },
  errors: [
    'ValidatorExists', 'ValidatorNotExists', 'TransactionValidatorExists', 'TransactionValidatorNotExists',
    'MintTransactionExists', 'MintTransactionAlreadyExecuted', 'MintTransactionNotExists', 'BurnTransactionExists',
    'BurnTransactionNotExists', 'BurnSignatureExists', 'EnoughBurnSignaturesPresent', 'RefundSignatureExists',
    'BurnTransactionAlreadyExecuted', 'RefundTransactionNotExists', 'RefundTransactionAlreadyExecuted',
    'EnoughRefundSignaturesPresent', 'NotEnoughBalanceToSwap', 'AmountIsLessThanWithdrawFee',
    'AmountIsLessThanDepositFee', 'WrongParametersProvided', 'InvalidStellarPublicKey',
  ],
});

// TFChain's development chain spec (tfchain.md §4, `development_config`): the framework part. Public keys are the
// standard Substrate dev keys (sr25519 `//Alice` …, ed25519 `//Alice` for GRANDPA) and the three bridge dev keys from
// their mnemonics; test/unit/chain-core/dev-genesis.test.ts derives them again with @polkadot/keyring.
import { hexToU8a } from '@polkadot/util';
import type { GenesisConfig } from './genesis-config';

export const DEV_ACCOUNTS = {
  alice: '0xd43593c715fdd31c61141abd04a99fd6822c8558854ccde39a5684e7a56da27d',
  bob: '0x8eaf04151687736326c9fea17e25fc5287613693c912909cb226aa4794f26a48',
  charlie: '0x90b5ab205c6974c9ea841be688864633dc9ca8a357843eeacf2314649965fe22',
  dave: '0x306721211d5404bd9da88e0204360a1a9ab8b87c66c1bc2fcdd37f3c2222cc20',
  eve: '0xe659a7a1628cdd93febc04a4e0646ea20e9f5f0ce097d9a05290d4a9e054df4e',
  ferdie: '0x1cbd2d43530a44705ad088af313e18f80b53ef16b36177cd4b77b846f2a5f07c',
  aliceStash: '0xbe5ddb1579b72e84524fc29e78609e3caf42e85aa118ebfe0b0ad404b5bdd25f',
  bobStash: '0xfe65717dad0447d715f660a0a58411de509b42e6efb8375f562f58a554d5860e',
  /** sr25519 from "quarter between satisfy three sphere six soda boss cute decade old trend" */
  bridge1: '0x68aada8736ad940b2d7e13d8686411b2a0efca3f8ef6c20aac258ad57b5f692a',
  /** sr25519 from "employ split promote annual couple elder remain cricket company fitness senior fiscal" */
  bridge2: '0x08eb2ee1d96b113f489dcda348b296fe74e4c54706287ff874ac587da7ca0c1f',
  /** sr25519 from "remind bird banner word spread volume card keep want faith insect mind" */
  bridge3: '0x12c97c156fea423e3b0a35361a7c8c9925dafdd20c5451507c4725c546224722',
} as const;

/** `//Alice` as an ed25519 key: the dev GRANDPA authority. */
export const ALICE_ED25519 = '0x88dc3417d5058ec4b4503e0c12ea1a0a89be200fe98922423d4334014fa6b0ee';

/** Every endowed account gets 1 << 60 raw units (≈ 115,292,150,460 TFT). */
export const DEV_ENDOWMENT = 1n << 60n;

/** Upstream's endowed list: //Alice, //Bob, their //stash accounts and the three bridge dev keys. */
export const DEV_ENDOWED: readonly string[] = [
  DEV_ACCOUNTS.alice, DEV_ACCOUNTS.bob, DEV_ACCOUNTS.aliceStash, DEV_ACCOUNTS.bobStash,
  DEV_ACCOUNTS.bridge1, DEV_ACCOUNTS.bridge2, DEV_ACCOUNTS.bridge3,
];

export interface DevGenesisOptions {
  /** Chain time of block 0 (ms). */
  readonly time: number;
  /** Accounts funded beyond upstream's list (hex public keys), with DEV_ENDOWMENT each. */
  readonly extraEndowed?: readonly string[];
  /** Per-pallet genesis sections (see GenesisConfig.pallets). */
  readonly pallets?: Readonly<Record<string, unknown>>;
}

export function devGenesisConfig(options: DevGenesisOptions): GenesisConfig {
  const endowed = [...new Set([...DEV_ENDOWED, ...(options.extraEndowed ?? [])].map((a) => a.toLowerCase()))];
  return {
    time: options.time,
    balances: endowed.map((a) => [hexToU8a(a), DEV_ENDOWMENT] as const),
    council: [hexToU8a(DEV_ACCOUNTS.alice), hexToU8a(DEV_ACCOUNTS.bob)],
    authorities: [{
      account: hexToU8a(DEV_ACCOUNTS.alice),
      aura: hexToU8a(DEV_ACCOUNTS.alice),
      grandpa: hexToU8a(ALICE_ED25519),
    }],
    pallets: options.pallets ?? {},
  };
}

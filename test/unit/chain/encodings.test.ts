// The worked encodings of shared/spec/tfchain.md §9 (made against the real spec-152 metadata), reproduced with a
// registry loaded from OUR metadata: if these bytes agree, clients encode and decode against us as against TFChain.
import { Keyring } from '@polkadot/keyring';
import { expandMetadata, type Vec } from '@polkadot/types';
import type { EventRecord, RuntimeVersion } from '@polkadot/types/interfaces';
import { u8aToHex } from '@polkadot/util';
import { cryptoWaitReady, signatureVerify } from '@polkadot/util-crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { encode } from '../../../simulator/chain/runtime/scale';
import { Twin } from '../../../simulator/chain/runtime/pallets/tfgrid-types';
import { ALICE, hex, load } from './helpers';

const RELAY = '72656c61792e6465762e677269642e7466'; // "relay.dev.grid.tf"
const TWIN = hex(`01000000 ${ALICE.slice(2)} 01 44 ${RELAY} 00 00`);

describe('calls (§9)', () => {
  const { registry, metadata } = load(14);
  const { tx } = expandMetadata(registry, metadata);

  it('tfgridModule.createTwin', () => {
    expect(tx.tfgridModule!.createTwin!('relay.dev.grid.tf', '0x1234').toHex()).toBe(hex(`1911 01 44 ${RELAY} 01 08 1234`));
  });

  it('tfgridModule.userAcceptTc', () => {
    const link = 'https://library.threefold.me/info/legal/#/';
    const linkHex = Buffer.from(link).toString('hex');
    expect(tx.tfgridModule!.userAcceptTc!(link, '').toHex()).toBe(hex(`1919 a8 ${linkHex} 00`));
  });

  it('smartContractModule.createNodeContract', () => {
    const call = tx.smartContractModule!.createNodeContract!(1, `0x${'ab'.repeat(32)}`, '{"type":"vm"}', 0, null);
    expect(call.toHex()).toBe(hex(`1a00 01000000 ${'ab'.repeat(32)} 34 7b2274797065223a22766d227d 00000000 00`));
  });

  it('tfgridModule.createFarm with a public IP', () => {
    const call = tx.tfgridModule!.createFarm!('farm1', [{ ip: '185.206.122.33/24', gw: '185.206.122.1' }]);
    expect(call.toHex()).toBe(hex(
      `1901 14 6661726d31 04 44 3138352e3230362e3132322e33332f3234 34 3138352e3230362e3132322e31`,
    ));
  });

  it('decodes a call back to section, method and named arguments', () => {
    const call = registry.createType('Call', hex(`1911 01 44 ${RELAY} 01 08 1234`));
    expect([call.section, call.method]).toEqual(['tfgridModule', 'createTwin']);
    expect(call.toHuman()).toMatchObject({ args: { relay: 'relay.dev.grid.tf', pk: '0x1234' } });
  });

  it('utility.batchAll nests calls (recursive RuntimeCall)', () => {
    const inner = tx.tfgridModule!.createTwin!('relay.dev.grid.tf', '0x1234');
    const batch = tx.utility!.batchAll!([inner, inner]);
    expect(batch.toHex()).toBe(hex(`0302 08 ${inner.toHex().slice(2).repeat(2)}`));
    const decoded = registry.createType('Call', batch.toHex());
    expect(decoded.method).toBe('batchAll');
  });
});

describe('signed extrinsic (§1.3, §9)', () => {
  // Loaded like tfchain_client does: polkadot-js does not know ContractIdProvides and treats it as empty.
  const { registry, metadata } = load(14, true);
  const { tx } = expandMetadata(registry, metadata);
  const genesis = `0x${'12'.repeat(32)}`;
  beforeAll(() => cryptoWaitReady());

  it('signs Alice\'s createTwin with the layout and signing payload of TFChain', () => {
    const alice = new Keyring({ type: 'sr25519' }).addFromUri('//Alice');
    expect(u8aToHex(alice.publicKey)).toBe(ALICE);
    const call = tx.tfgridModule!.createTwin!('relay.dev.grid.tf', '0x1234');
    const ext = registry.createType('Extrinsic', call);
    ext.sign(alice, {
      blockHash: genesis,
      genesisHash: genesis,
      era: registry.createType('ExtrinsicEra', '0x00'),
      nonce: 0,
      tip: 0,
      runtimeVersion: registry.createType<RuntimeVersion>('RuntimeVersion', { specVersion: 152, transactionVersion: 2 }),
    });

    const bytes = ext.toHex();
    const signature = u8aToHex(ext.signature.toU8a());
    expect(bytes).toBe(hex(`fd01 84 00 ${ALICE.slice(2)} 01 ${signature.slice(2)} 00 00 00 ${call.toHex().slice(2)}`));

    // Signing payload = call ++ extra (era, nonce, tip) ++ additionalSigned (spec, tx version, genesis, era block).
    const payload = hex(`${call.toHex().slice(2)} 00 00 00 98000000 02000000 ${genesis.slice(2)} ${genesis.slice(2)}`);
    expect(signatureVerify(payload, signature, ALICE).isValid).toBe(true);

    const decoded = registry.createType('Extrinsic', bytes);
    expect(decoded.isSigned).toBe(true);
    expect(decoded.signer.toString()).toBe(alice.address);
    expect([decoded.method.section, decoded.method.method, decoded.nonce.toNumber(), decoded.era.isImmortalEra])
      .toEqual(['tfgridModule', 'createTwin', 0, true]);
  });
});

describe('storage value (§9)', () => {
  const { registry } = load(14);
  const value = { id: 1, account_id: ALICE, relay: 'relay.dev.grid.tf', entities: [], pk: null };

  it('PalletTfgridTwin encodes as the spec shows, with polkadot-js and with our encoder', () => {
    expect(registry.createType('PalletTfgridTwin', { ...value, accountId: ALICE }).toHex()).toBe(TWIN);
    expect(u8aToHex(encode(Twin, { ...value, account_id: Buffer.from(ALICE.slice(2), 'hex') }))).toBe(TWIN);
  });
});

describe('event records (§9)', () => {
  const { registry } = load(14);
  const records = (bytes: string) => registry.createType<Vec<EventRecord>>('Vec<FrameSystemEventRecord>', bytes);

  it('PowerTargetChanged at ApplyExtrinsic(1): data.toPrimitive() gives the farm id first', () => {
    const [rec] = records(hex('04 00 01000000 19 1d 07000000 03000000 00 00'));
    expect(rec!.phase.asApplyExtrinsic.toNumber()).toBe(1);
    expect([rec!.event.section, rec!.event.method]).toEqual(['tfgridModule', 'PowerTargetChanged']);
    expect(rec!.event.data.toPrimitive()).toEqual([7, 3, 'Up']);
  });

  it('TwinStored carries the Twin', () => {
    const [rec] = records(hex(`04 00 01000000 19 0b ${TWIN.slice(2)} 00`));
    expect(rec!.event.method).toBe('TwinStored');
    expect(rec!.event.data.toPrimitive()).toEqual([{
      id: 1, accountId: '5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY', relay: 'relay.dev.grid.tf', entities: [], pk: null,
    }]);
  });

  it('ExtrinsicSuccess', () => {
    const [rec] = records(hex('04 00 01000000 00 00 00 00 00 00 00'));
    expect([rec!.event.section, rec!.event.method]).toEqual(['system', 'ExtrinsicSuccess']);
    expect(rec!.event.data.toJSON()).toEqual([{ weight: { refTime: 0, proofSize: 0 }, class: 'Normal', paysFee: 'Yes' }]);
  });

  it('ExtrinsicFailed with a module error resolves to TfgridModule.TwinNotExists', () => {
    const [rec] = records(hex('04 00 01000000 00 01 03 19 1b000000 00 00 00 00 00'));
    expect(rec!.event.method).toBe('ExtrinsicFailed');
    const dispatchError = rec!.event.data[0] as unknown as { isModule: boolean; asModule: Parameters<typeof registry.findMetaError>[0] };
    expect(dispatchError.isModule).toBe(true);
    const meta = registry.findMetaError(dispatchError.asModule);
    expect([meta.section, meta.name, meta.index]).toEqual(['tfgridModule', 'TwinNotExists', 27]);
  });
});

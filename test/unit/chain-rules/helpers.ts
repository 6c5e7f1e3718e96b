// Assertions shared by the chain-rules tests: a failing rule must name an error the pallet really declares.
import { expect } from 'vitest';
import { errorIndex, type Pallet } from '../../../simulator/chain/runtime/pallet';
import { smartContract } from '../../../simulator/chain/runtime/pallets/smart-contract';
import { tfgrid } from '../../../simulator/chain/runtime/pallets/tfgrid';
import { tftPrice } from '../../../simulator/chain/runtime/pallets/tft-price';

type Result = { ok: boolean; error?: string };

function expectDeclared(pallet: Pallet, r: Result, error: string) {
  expect(r.ok, `expected ${error}, got ok`).toBe(false);
  expect(r.error).toBe(error);
  expect(() => errorIndex(pallet, error)).not.toThrow();
}

export const expectTfgridError = (r: Result, error: string) => expectDeclared(tfgrid, r, error);
export const expectContractError = (r: Result, error: string) => expectDeclared(smartContract, r, error);
export const expectPriceError = (r: Result, error: string) => expectDeclared(tftPrice, r, error);

export function expectOk(r: Result) {
  expect(r.ok, r.ok ? '' : `unexpected ${r.error}`).toBe(true);
}

export const repeat = (ch: string, n: number) => ch.repeat(n);

/**
 * The farmer's flows on any network (docs: src-main/api/domains/farmer.ts). Placeholder until the flows land:
 * every method answers `unavailable` with what is missing.
 */
import type { FarmerStatus, FarmNodeView, FarmView, FundResult, HardwareReport, NodeReport, BootImage, ParamsOut, PreflightCheck } from '../../api/contract';
import { ApiError } from '../../api/errors';
import type { LocalGrid } from '../grid/local-grid';
import type { KeyVault } from '../keys/vault';
import type { NetworkProfiles } from '../networks/networks';

export interface FarmerFlowsOptions {
  vault: KeyVault;
  grid: LocalGrid;
  networks: NetworkProfiles;
}

const notYet = (what: string): never => {
  throw new ApiError('unavailable', `${what} is not available in this build yet`);
};

export class FarmerFlows {
  constructor(readonly options: FarmerFlowsOptions) {}

  status(_p: ParamsOut<'farmer.status'>): Promise<FarmerStatus> {
    return Promise.resolve(notYet('the farmer status'));
  }
  fund(_p: ParamsOut<'farmer.fund'>): Promise<FundResult> {
    return Promise.resolve(notYet('funding'));
  }
  acceptTerms(_p: ParamsOut<'farmer.acceptTerms'>): Promise<FarmerStatus> {
    return Promise.resolve(notYet('accepting the terms'));
  }
  createTwin(_p: ParamsOut<'farmer.createTwin'>): Promise<FarmerStatus> {
    return Promise.resolve(notYet('creating a twin'));
  }
  createFarm(_p: ParamsOut<'farmer.createFarm'>): Promise<FarmView> {
    return Promise.resolve(notYet('creating a farm'));
  }
  setPayout(_p: ParamsOut<'farmer.setPayout'>): Promise<FarmView> {
    return Promise.resolve(notYet('setting the payout address'));
  }
  detectHardware(): Promise<HardwareReport> {
    return Promise.resolve(notYet('hardware detection'));
  }
  preflight(_hardware: ParamsOut<'farmer.preflight'>['hardware']): Promise<PreflightCheck[]> {
    return Promise.resolve(notYet('the pre-flight checklist'));
  }
  bootNode(_p: ParamsOut<'farmer.bootNode'>): Promise<FarmNodeView> {
    return Promise.resolve(notYet('booting a simulated node'));
  }
  node(_p: ParamsOut<'farmer.node'>): Promise<NodeReport> {
    return Promise.resolve(notYet('the node report'));
  }
  bootImage(_p: ParamsOut<'farmer.bootImage'>): Promise<BootImage> {
    return Promise.resolve(notYet('the boot image'));
  }
  async dispose(): Promise<void> {}
}

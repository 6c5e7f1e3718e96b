/**
 * The onboarding wizard as data: each step says what it is for, on which networks it applies, and when it is done
 * given what the chain shows (farmer.status) and what the user already settled here. The page renders whichever step
 * is current; reopening the page resumes at the first step not done, so a farmer who already has a twin and a farm
 * lands on the hardware step.
 */
import type { FarmerStatus, NetworkId } from '../../../../src-main/api/contract';

export type StepId = 'network' | 'account' | 'funds' | 'terms' | 'twin' | 'farm' | 'hardware' | 'node' | 'golive' | 'image';

/** What the wizard knows, from the chain and from the user's choices. */
export interface WizardFacts {
  network: NetworkId;
  networkConfirmed: boolean;
  /** the chosen account, and whether it can sign now */
  account?: { address: string; canSign: boolean };
  status?: FarmerStatus;
  /** the farm the wizard works with */
  farmId?: number;
  hardwareConfirmed: boolean;
  /** the simulated node of this farm shows online */
  nodeOnline: boolean;
}

export interface StepDef {
  id: StepId;
  title: string;
  /** one line shown under the title in the step list */
  summary: string;
  /** `local`: only on the local grid (the rehearsal); `live`: only on dev, qa, test or main */
  on: 'all' | 'local' | 'live';
  done(facts: WizardFacts): boolean;
}

/**
 * Any TFT will do: an activation service hands out 0.1 TFT (10^6 units), and each registration's fee is a small part
 * of that. Once the terms are accepted the balance no longer says whether this step was done.
 */
export const hasFunds = (balance: string | undefined): boolean => BigInt(balance ?? '0') > 0n;

const onboarded = (f: WizardFacts) => (f.status?.twinId ?? 0) > 0;

export const STEPS: readonly StepDef[] = [
  {
    id: 'network',
    title: 'Network',
    summary: 'Rehearse on the local grid, then go live',
    on: 'all',
    done: (f) => f.networkConfirmed,
  },
  {
    id: 'account',
    title: 'Account',
    summary: 'The key that owns your twin and farm',
    on: 'all',
    done: (f) => !!f.account?.canSign && f.status?.address === f.account.address,
  },
  {
    id: 'funds',
    title: 'Funds',
    summary: 'TFT for the transaction fees',
    on: 'all',
    done: (f) => onboarded(f) || !!f.status?.termsAccepted || hasFunds(f.status?.balance),
  },
  {
    id: 'terms',
    title: 'Terms',
    summary: "Accept ThreeFold's terms and conditions",
    on: 'all',
    done: (f) => onboarded(f) || !!f.status?.termsAccepted,
  },
  { id: 'twin', title: 'Twin', summary: 'Your identity on the grid', on: 'all', done: onboarded },
  {
    id: 'farm',
    title: 'Farm',
    summary: 'Name, public IPs and payout address',
    on: 'all',
    done: (f) => !!f.farmId && !!f.status?.farms.some((farm) => farm.id === f.farmId),
  },
  {
    id: 'hardware',
    title: 'Hardware',
    summary: 'Detect this machine and run the pre-flight checks',
    on: 'all',
    done: (f) => f.hardwareConfirmed || !!f.status?.nodes.some((n) => n.farmId === f.farmId),
  },
  {
    id: 'node',
    title: 'Simulated node',
    summary: 'Boot a node with that hardware and watch it register',
    on: 'local',
    done: (f) => f.nodeOnline,
  },
  {
    id: 'golive',
    title: 'Go live',
    summary: 'Repeat it on a ThreeFold network',
    on: 'local',
    done: () => false,
  },
  {
    id: 'image',
    title: 'Boot image',
    summary: 'The Zero-OS image for your farm, and how to flash it',
    on: 'live',
    done: () => false,
  },
];

export function stepsFor(network: NetworkId): StepDef[] {
  const live = network !== 'local';
  return STEPS.filter((s) => s.on === 'all' || (s.on === 'live') === live);
}

/** Where the wizard resumes: the first step not done (the last step when everything is). */
export function firstOpenStep(facts: WizardFacts): StepId {
  const steps = stepsFor(facts.network);
  return (steps.find((s) => !s.done(facts)) ?? steps[steps.length - 1]!).id;
}

/** A step can be opened when every step before it is done (going back is always allowed). */
export function reachable(facts: WizardFacts, id: StepId): boolean {
  const steps = stepsFor(facts.network);
  const at = steps.findIndex((s) => s.id === id);
  return at >= 0 && steps.slice(0, at).every((s) => s.done(facts));
}

/** 1 TFT = 10^7 units; two decimals are what a farmer needs to see. */
export function formatTft(units: string): string {
  const value = BigInt(units || '0');
  const whole = value / 10_000_000n;
  const cents = (value % 10_000_000n) / 100_000n;
  return `${whole.toLocaleString('en-US')}.${cents.toString().padStart(2, '0')} TFT`;
}

/**
 * The rules the chain applies to a farm's fields, checked as the user types so a mistake shows at the field before
 * anything is signed. Each returns a sentence saying what to fix, or '' when the value passes. The rules are the
 * backend's own (src-main/api/rules), which checks again before signing, as the chain does after.
 */
import { farmNameProblem as farmNameRule, publicIpFieldProblems } from '../../../../src-main/api/rules/farm-rules';
import { checkStellarAddress } from '../../../../src-main/api/rules/strkey';

/** TFChain's `create_farm`: 3 to 40 bytes of letters, digits, `_` and `-`. */
export function farmNameProblem(name: string): string {
  const n = name.trim();
  return n ? sentence(farmNameRule(n)) : 'A farm needs a name.';
}

export interface PublicIpProblems {
  ip: string;
  gateway: string;
}

/** A farm public IP: `ip` in CIDR form, public unicast; `gateway` a public address inside it, not the IP itself. */
export function publicIpProblems(ipText: string, gatewayText: string): PublicIpProblems {
  const problems = publicIpFieldProblems(ipText.trim(), gatewayText.trim());
  return { ip: sentence(problems.ip), gateway: sentence(problems.gateway) };
}

/** A Stellar account address (StrKey "G…": 56 characters, version byte and checksum). Empty is allowed: it is optional. */
export function stellarAddressProblem(text: string): string {
  const s = text.trim();
  if (!s) return '';
  const check = checkStellarAddress(s);
  return check.ok ? '' : sentence(check.reason);
}

/** The rules' phrases as the form shows them: a capital and a full stop; '' for no problem. */
function sentence(problem: string | null): string {
  return problem ? `${problem[0]!.toUpperCase()}${problem.slice(1)}.` : '';
}

export type FarmField = 'name' | 'stellarAddress' | 'publicIps';

/**
 * Which field a refusal is about, so it shows there: the backend's "name: …" for a request it refused, or the chain
 * error's name (FarmExists, InvalidFarmName, InvalidPublicIP …) for a transaction the chain refused.
 */
export function farmFieldOf(message: string): FarmField | null {
  const lead = /^(name|stellarAddress|publicIps)\b/.exec(message.trim());
  if (lead) return lead[1] as FarmField;
  if (/FarmExists|FarmName|InvalidFarmName|farm name/i.test(message)) return 'name';
  if (/IP|gateway|GW4/.test(message)) return 'publicIps';
  if (/stellar|payout/i.test(message)) return 'stellarAddress';
  return null;
}

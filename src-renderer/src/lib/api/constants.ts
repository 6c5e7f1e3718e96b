/**
 * Runtime copies of the contract's small enums. contract.ts itself must only be imported with `import type` in the
 * renderer: its request schemas would pull zod into the bundle. The `satisfies` checks keep these copies honest.
 */
import type { KeyType, Theme } from '../../../../src-main/api/contract';

export const KEY_TYPES = ['sr25519', 'ed25519'] as const satisfies readonly KeyType[];
export const THEMES = ['system', 'light', 'dark'] as const satisfies readonly Theme[];

// Compile-time only: fails if the contract gains a value these lists lack.
type Exhaustive<All, Listed extends All> = [Exclude<All, Listed>] extends [never] ? true : false;
const _keyTypesComplete: Exhaustive<KeyType, (typeof KEY_TYPES)[number]> = true;
const _themesComplete: Exhaustive<Theme, (typeof THEMES)[number]> = true;

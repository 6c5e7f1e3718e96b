// The time domain restates the chain's bounds (the renderer must not load the chain's modules): they must agree,
// or the form would offer what the chain refuses.
import { describe, expect, it } from 'vitest';
import * as domain from '../../../src-main/api/domains/time';
import { MAX_ADVANCE_BLOCKS } from '../../../simulator/grid/chain-rpc';
import { MAX_BLOCK_TIME_MS, MAX_JUMP_SECS, MIN_BLOCK_TIME_MS } from '../../../simulator/chain/core/time-control';
import { applyUpChoices } from '../../../simulator/grid/workspace-config';

describe('time bounds', () => {
  it('match the chain and dev_newBlock', () => {
    expect(domain.MAX_JUMP_SECS).toBe(MAX_JUMP_SECS);
    expect(domain.MIN_BLOCK_TIME_MS).toBe(MIN_BLOCK_TIME_MS);
    expect(domain.MAX_BLOCK_TIME_MS).toBe(MAX_BLOCK_TIME_MS);
    expect(domain.MAX_ADVANCE_BLOCKS).toBe(MAX_ADVANCE_BLOCKS);
  });

  it('an explicit block mode from the start form wins over the workspace and the workshop default', () => {
    const instant = applyUpChoices(undefined, { instant: true });
    expect(applyUpChoices(instant, { blockMode: 'interval' }).blockMode).toBe('interval');
    expect(applyUpChoices(instant, {}).blockMode).toBe('instant');
    expect(applyUpChoices(undefined, { workshop: true }).blockMode).toBe('instant');
  });
});

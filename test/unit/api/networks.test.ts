import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { NetworkProfile } from '../../../src-main/api/contract';
import { TopicBus } from '../../../src-main/backend/events';
import { NetworkProfiles } from '../../../src-main/backend/networks/networks';

const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

async function profiles(): Promise<{ dir: string; networks: NetworkProfiles; events: NetworkProfile[][] }> {
  const dir = mkdtempSync(join(tmpdir(), 'gridbox-networks-'));
  dirs.push(dir);
  const bus = new TopicBus();
  const events: NetworkProfile[][] = [];
  bus.on('networks.changed', (list) => events.push(list));
  const networks = new NetworkProfiles(dir, bus);
  await networks.load();
  return { dir, networks, events };
}

describe('network profiles', () => {
  it('lists the local grid and the four live networks with their public endpoints', async () => {
    const { networks } = await profiles();
    const list = networks.list();
    expect(list.map((n) => n.id)).toEqual(['local', 'dev', 'qa', 'test', 'main']);
    expect(networks.get('dev').endpoints.substrate).toBe('wss://tfchain.dev.grid.tf/ws');
    expect(networks.get('main').endpoints.relay).toBe('wss://relay.grid.tf');
    expect(networks.get('main')).toMatchObject({ mainnet: true, bootstrapNetwork: 'prod' });
    expect(networks.get('local').endpoints.substrate).toBe('');
  });

  it('keeps edited endpoints and the chosen account across restarts, and reset brings the defaults back', async () => {
    const { dir, networks, events } = await profiles();
    await networks.update({ id: 'test', endpoints: { substrate: 'ws://127.0.0.1:9950' }, account: '5Grw' });
    expect(events).toHaveLength(1);
    const again = new NetworkProfiles(dir, new TopicBus());
    await again.load();
    expect(again.get('test')).toMatchObject({ edited: true, account: '5Grw', endpoints: { substrate: 'ws://127.0.0.1:9950', relay: 'wss://relay.test.grid.tf' } });
    const reset = await again.reset('test');
    expect(reset).toMatchObject({ edited: false, account: '5Grw', endpoints: { substrate: 'wss://tfchain.test.grid.tf/ws' } });
  });

  it("refuses to edit the local grid's endpoints, which follow the running grid", async () => {
    const { networks } = await profiles();
    await expect(networks.update({ id: 'local', endpoints: { substrate: 'ws://x' } })).rejects.toThrow(/follow the running grid/);
    networks.followLocalGrid({ state: 'running', workspace: '', progress: [], nodes: [], endpoints: { substrate: 'ws://127.0.0.1:9944', proxy: 'http://127.0.0.1:8080' } });
    expect(networks.get('local').endpoints).toMatchObject({ substrate: 'ws://127.0.0.1:9944', proxy: 'http://127.0.0.1:8080', relay: '' });
  });

  it('falls back to defaults on a damaged file and leaves it as it was', async () => {
    const { dir } = await profiles();
    writeFileSync(join(dir, 'networks.json'), '{ not json');
    const networks = new NetworkProfiles(dir, new TopicBus());
    await networks.load();
    expect(networks.get('qa').endpoints.proxy).toBe('https://gridproxy.qa.grid.tf');
    expect(readFileSync(join(dir, 'networks.json'), 'utf8')).toBe('{ not json');
  });

  it('works against the local grid until another network is selected, and remembers the choice', async () => {
    const { dir, networks, events } = await profiles();
    expect(networks.list().filter((n) => n.active).map((n) => n.id)).toEqual(['local']);
    const list = await networks.select('test');
    expect(list.filter((n) => n.active).map((n) => n.id)).toEqual(['test']);
    expect(events.at(-1)?.find((n) => n.active)?.id).toBe('test');
    await networks.reset('test');
    const again = new NetworkProfiles(dir, new TopicBus());
    await again.load();
    expect(again.active).toBe('test');
    writeFileSync(join(dir, 'networks.json'), JSON.stringify({ active: 'moon' }));
    await again.load();
    expect(again.active).toBe('local');
  });
});

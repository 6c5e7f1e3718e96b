// `gridbox up --docker --chain-image IMAGE --chain-arg=…` runs IMAGE as the chain and wires the relay, activation,
// farmer and nodes to its JSON-RPC alone. Tested with the simulator's own image running its chain entry (a real
// TFChain image is the same wiring, on a machine that can pull it). And `gridbox images [--prune]`: lists our
// images, removes old gridbox-sim tags only, never another image. Runs only when a Docker engine answers.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type Docker from 'dockerode';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectDocker, ensureSimImage, listOurContainers, removeOurResources } from '../../../simulator/grid/docker/index';
import { ControlClient } from '../../../simulator/grid/control-client';
import { WORKSPACE_LABEL } from '../../../simulator/grid/docker/engine';
import { bundleInImage, NODE_IN_IMAGE } from '../../../simulator/grid/docker/image';
import { gridbox, gridboxSync, killLeftovers, until, type UpSummary } from '../grid/cli-harness';

const required = process.env.GRIDBOX_REQUIRE_DOCKER === '1';
const docker: Docker | undefined = await connectDocker().catch((error: unknown) => {
  if (required) throw new Error(`GRIDBOX_REQUIRE_DOCKER=1 but ${(error as Error).message}`);
  return undefined;
});
const dir = mkdtempSync(join(tmpdir(), 'gridbox-chain-image-'));
const OLD_TAG = 'gridbox-sim:0000000000000000';
const OTHER_TAG = 'gridbox-test-not-ours:keep';
// Built (or found) once before the timed parts: bundling and building take minutes on a loaded 2-core machine.
beforeAll(async () => {
  if (docker) await ensureSimImage(docker);
}, 600_000);
afterAll(async () => {
  killLeftovers();
  if (docker) {
    await removeOurResources(docker, dir);
    for (const tag of [OLD_TAG, OTHER_TAG]) await docker.getImage(tag).remove().catch(() => {});
  }
  rmSync(dir, { recursive: true, force: true });
});

describe.skipIf(!docker)('gridbox up --docker --chain-image', () => {
  it('runs the given image as the chain and the grid on its RPC', async () => {
    const { tag } = await ensureSimImage(docker!);
    const chainArgs = [NODE_IN_IMAGE, bundleInImage('chain'), '--host', '0.0.0.0', '--instant'];
    const cli = gridbox([
      'up', '--docker', '--chain-image', tag, ...chainArgs.map((a) => `--chain-arg=${a}`),
      '--nodes', '1', '--instant', '--json', '--free-ports', '--uptime-interval', '1', '--data', dir,
    ]);
    const [line] = await cli.waitFor(/^\{.*\}$/m, 150_000);
    const summary = JSON.parse(line) as UpSummary;
    expect(summary.substrate).toMatch(/^ws:\/\/127\.0\.0\.1:\d+$/);
    expect(summary.nodes).toMatchObject([{ name: 'node1', nodeId: 1 }]);
    const chain = (await listOurContainers(docker!, dir)).find((c) => c.part === 'chain')!;
    const info = await docker!.getContainer(chain.id).inspect();
    expect(info.Config.Image).toBe(tag);
    expect(info.Config.Cmd).toEqual(chainArgs);
    expect(gridboxSync(['logs', 'chain', '--data', dir]).stdout).toMatch(/instant blocks/);

    // The node host's control API (each node in its own container) refuses bad input with a clear error.
    const { control: access } = JSON.parse(readFileSync(join(dir, 'run.json'), 'utf8')) as { control: { url: string; token: string } };
    const control = new ControlClient(access.url, access.token);
    await expect(control.addNode({ name: 'no spaces', farmId: 1, profile: 'small' })).rejects.toThrow(/400 name must be 1-64 characters/);
    await expect(control.addNode({ name: 'node9', farmId: 1, profile: 'huge' })).rejects.toThrow(/400 unknown profile "huge"/);
    await expect(control.addNode({ name: 'node1', farmId: 1, profile: 'small' })).rejects.toThrow(/409 node "node1" already exists/);
    await expect(new ControlClient(access.url, 'wrong').nodes()).rejects.toThrow(/401/);

    expect(gridboxSync(['down', '--data', dir]).status).toBe(0);
    expect(await until(() => cli.child.exitCode !== null, 30_000)).toBe(true);
    expect(await listOurContainers(docker!, dir)).toEqual([]);
    expect(await docker!.listNetworks({ filters: JSON.stringify({ label: [`${WORKSPACE_LABEL}=${dir}`] }) })).toEqual([]);
  }, 240_000);

  it('refuses a chain image that is not on this machine, and --chain-image without --docker', async () => {
    const missing = gridbox(['up', '--docker', '--chain-image', 'gridbox-test-absent:none', '--nodes', '0', '--free-ports', '--data', join(dir, 'absent')]);
    expect(await missing.exited).not.toBe(0);
    expect(missing.stderr()).toMatch(/the chain image gridbox-test-absent:none is not on this machine: pull it first/);
    const usage = gridboxSync(['up', '--chain-image', 'x', '--data', join(dir, 'usage')]);
    expect(usage.status).toBe(2);
    expect(usage.stderr).toMatch(/--chain-image and --chain-arg need --docker/);
  }, 120_000);
});

describe.skipIf(!docker)('gridbox images', () => {
  it('lists our images with the current one and prunes old gridbox-sim tags only', async () => {
    const { tag } = await ensureSimImage(docker!);
    for (const extra of [OLD_TAG, OTHER_TAG]) {
      const [repo = '', name = ''] = extra.split(':');
      await docker!.getImage(tag).tag({ repo, tag: name });
    }

    const listed = JSON.parse(gridboxSync(['images', '--json']).stdout) as { current: string; images: { tag: string; current: boolean }[] };
    expect(listed.current).toBe(tag);
    expect(listed.images).toEqual(expect.arrayContaining([{ ...listed.images.find((i) => i.tag === tag), current: true }]));
    expect(listed.images.map((i) => i.tag)).toContain(OLD_TAG);
    expect(listed.images.map((i) => i.tag)).not.toContain(OTHER_TAG);

    const pruned = JSON.parse(gridboxSync(['images', '--prune', '--json']).stdout) as { removed: string[]; kept: { tag: string }[] };
    expect(pruned.removed).toContain(OLD_TAG);
    expect(pruned.kept.map((k) => k.tag)).toContain(tag);
    const exists = (t: string) => docker!.getImage(t).inspect().then(() => true, () => false);
    expect(await exists(OLD_TAG)).toBe(false);
    expect(await exists(tag)).toBe(true);
    expect(await exists(OTHER_TAG)).toBe(true);
  }, 120_000);
});

import type { GridNodeAction, GridNodeView } from '../../../../src-main/api/contract';

export type Tone = 'success' | 'warning' | 'danger' | 'neutral';

/** One line a farmer reads first: is the node up, and is it proving it (uptime reports)? */
export function nodeHealth(node: GridNodeView): { label: string; tone: Tone; detail: string } {
  if (node.state === 'online') {
    if (node.faults.pauseUptime) return { label: 'Not reporting', tone: 'warning', detail: 'Uptime reports are paused: the chain will see this node as down once its last report is too old.' };
    if (node.faults.relayCut) return { label: 'Online, no relay', tone: 'warning', detail: 'Cut from the relay: deployments and RMB calls cannot reach it.' };
    return { label: 'Online', tone: 'success', detail: `Reporting uptime (${node.uptimeReports} report${node.uptimeReports === 1 ? '' : 's'} so far).` };
  }
  if (node.state === 'error') return { label: 'Error', tone: 'danger', detail: node.error ?? 'The node stopped with an error: see its log.' };
  if (node.state === 'crashed') return { label: 'Crashed', tone: 'danger', detail: 'It restarts from disk with the same identity and node id.' };
  if (node.state === 'stopped') return { label: 'Stopped', tone: 'neutral', detail: 'Powered off: start it to boot again with the same node id.' };
  const steps: Record<string, string> = { booting: 'Booting', funding: 'Getting funds', registering: 'Registering on chain' };
  return { label: steps[node.state] ?? node.state, tone: 'neutral', detail: 'On its way to online.' };
}

export interface NodeActionChoice { action: GridNodeAction; label: string; danger?: boolean }

/** The actions that make sense for a node in its current state. */
export function nodeActions(node: GridNodeView): NodeActionChoice[] {
  if (node.state === 'stopped') return [{ action: 'start', label: 'Start' }];
  const list: NodeActionChoice[] = [];
  if (node.state === 'online') {
    list.push(node.faults.pauseUptime ? { action: 'resume-uptime', label: 'Resume uptime' } : { action: 'pause-uptime', label: 'Pause uptime' });
    list.push(node.faults.relayCut ? { action: 'relay-restore', label: 'Reconnect relay' } : { action: 'relay-cut', label: 'Cut relay' });
  }
  list.push({ action: 'restart', label: 'Restart' }, { action: 'stop', label: 'Stop' }, { action: 'crash', label: 'Crash', danger: true });
  return list;
}

const GIB = 1024 ** 3;
export function formatGib(bytes: number): string {
  const gib = bytes / GIB;
  return `${gib >= 10 || Number.isInteger(gib) ? gib.toFixed(0) : gib.toFixed(1)} GiB`;
}

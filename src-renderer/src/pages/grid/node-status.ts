import type { GridNodeAction, GridNodeView } from '../../../../src-main/api/contract';

export type Tone = 'success' | 'warning' | 'danger' | 'neutral';
/** The node map's five states: what a farmer needs to know at a glance. */
export type NodeKind = 'online' | 'not-reporting' | 'down' | 'starting' | 'stuck';

/** One line a farmer reads first: is the node up, and is it proving it (uptime reports)? */
export function nodeHealth(node: GridNodeView): { label: string; tone: Tone; detail: string; kind: NodeKind } {
  if (node.state === 'online') {
    if (node.faults.pauseUptime) return { kind: 'not-reporting', label: 'Not reporting', tone: 'warning', detail: 'Uptime reports are paused: the chain will see this node as down once its last report is too old.' };
    if (node.faults.relayCut) return { kind: 'online', label: 'Online, no relay', tone: 'warning', detail: 'Cut from the relay: deployments and RMB calls cannot reach it.' };
    return { kind: 'online', label: 'Online', tone: 'success', detail: `Reporting uptime (${node.uptimeReports} report${node.uptimeReports === 1 ? '' : 's'} so far).` };
  }
  if (node.state === 'error') return { kind: 'stuck', label: 'Stuck', tone: 'danger', detail: node.error ?? 'The node stopped with an error: see its log.' };
  if (node.state === 'crashed') return { kind: 'down', label: 'Crashed', tone: 'danger', detail: 'It restarts from disk with the same identity and node id.' };
  if (node.state === 'stopped') return { kind: 'down', label: 'Down', tone: 'neutral', detail: 'Powered off: start it to boot again with the same node id.' };
  if (node.faults.stuckRegistration) return { kind: 'stuck', label: 'Stuck', tone: 'danger', detail: 'Registration is held back (a fault set on this node): it will not come online.' };
  const steps: Record<string, string> = { booting: 'Booting', funding: 'Getting funds', registering: 'Registering on chain' };
  return { kind: 'starting', label: 'Starting', tone: 'neutral', detail: `${steps[node.state] ?? node.state}: on its way to online.` };
}

export interface NodeActionChoice { action: GridNodeAction; label: string; danger?: boolean }

/** The actions that make sense for a node in its current state. */
export function nodeActions(node: GridNodeView): NodeActionChoice[] {
  if (node.state === 'stopped') return [{ action: 'start', label: 'Start' }];
  const list: NodeActionChoice[] = [];
  if (node.state === 'online') {
    list.push(node.faults.pauseUptime ? { action: 'resume-uptime', label: 'Resume uptime' } : { action: 'pause-uptime', label: 'Pause uptime' });
    list.push(node.faults.relayCut ? { action: 'relay-restore', label: 'Reconnect' } : { action: 'relay-cut', label: 'Disconnect' });
  }
  list.push({ action: 'restart', label: 'Restart' }, { action: 'stop', label: 'Stop' }, { action: 'crash', label: 'Crash', danger: true });
  return list;
}

/** Powered (its agent runs, whatever it is doing) or off. */
export function powerState(node: GridNodeView): 'on' | 'off' {
  return node.state === 'stopped' || node.state === 'crashed' ? 'off' : 'on';
}

export interface CapacityBar { label: string; used: number; total: number; percent: number; text: string }

/** CPU, memory, SSD and HDD used of the total, for bars (a resource the node lacks is left out). */
export function capacityBars(node: GridNodeView): CapacityBar[] {
  const { used, total } = node.capacity;
  const bars: CapacityBar[] = [
    bar('CPU', used.cru, total.cru, `${used.cru}/${total.cru} cores`),
    bar('RAM', used.mru, total.mru, `${formatGib(used.mru)}/${formatGib(total.mru)}`),
    bar('SSD', used.sru, total.sru, `${formatGib(used.sru)}/${formatGib(total.sru)}`),
    bar('HDD', used.hru, total.hru, `${formatGib(used.hru)}/${formatGib(total.hru)}`),
  ];
  return bars.filter((b) => b.total > 0);
}

function bar(label: string, used: number, total: number, text: string): CapacityBar {
  return { label, used, total, percent: total > 0 ? Math.min(100, Math.round((100 * used) / total)) : 0, text };
}

/** How long ago (in chain time) the node's last uptime report was included; chain time can run ahead of the clock. */
export function lastReport(node: GridNodeView, chainTime: number | undefined): string {
  if (node.lastUptimeAt === undefined) return 'no uptime report yet';
  if (chainTime === undefined) return `${node.uptimeReports} report${node.uptimeReports === 1 ? '' : 's'}`;
  const secs = Math.max(0, Math.round((chainTime - node.lastUptimeAt) / 1000));
  const ago = secs < 90 ? `${secs} s` : secs < 5400 ? `${Math.round(secs / 60)} min` : `${Math.round(secs / 3600)} h`;
  return `last report ${ago} ago (chain time), ${node.uptimeReports} in all`;
}

const GIB = 1024 ** 3;
export function formatGib(bytes: number): string {
  const gib = bytes / GIB;
  return `${gib >= 10 || Number.isInteger(gib) ? gib.toFixed(0) : gib.toFixed(1)} GiB`;
}

/** 90061 s → "1d 1h", 5400 → "1h 30m": the size of a time jump. */
export function formatSpan(totalSecs: number): string {
  let rest = Math.round(totalSecs);
  const parts: string[] = [];
  for (const [unit, secs] of [['d', 86_400], ['h', 3600], ['m', 60], ['s', 1]] as const) {
    const n = Math.floor(rest / secs);
    rest -= n * secs;
    if (n > 0) parts.push(`${n}${unit}`);
  }
  return parts.slice(0, 2).join(' ') || '0s';
}

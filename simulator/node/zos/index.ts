/** Every zos.* command a simulated full Zero-OS node serves, by exact command name. */
import type { ZosHandler, ZosNode } from './context';
import { deploymentHandlers } from './deployment';
import { gpuHandlers } from './gpu';
import { networkHandlers } from './network';
import { statisticsHandlers } from './statistics';
import { storageHandlers } from './storage';
import { systemHandlers } from './system';

export type { ZosHandler, ZosNode, ZosRequestContext } from './context';

export function zosHandlers(node: ZosNode): Record<string, ZosHandler> {
  return {
    ...systemHandlers(node),
    ...statisticsHandlers(node),
    ...storageHandlers(node),
    ...networkHandlers(node),
    ...gpuHandlers(node),
    ...deploymentHandlers(node),
  };
}

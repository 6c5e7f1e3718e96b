/** zos.deployment.*: deploy, update, get, list, changes; delete is refused as on a real node. */
import { parseContractId } from '../deployments/model';
import type { ZosHandler, ZosNode } from './context';

export const DELETE_DISABLED = 'deletion over the api is disabled, please cancel your contract instead';

export function deploymentHandlers(node: ZosNode): Record<string, ZosHandler> {
  const { engine } = node;
  return {
    'zos.deployment.deploy': (payload, ctx) => engine.deploy(payload, ctx.source.twin),
    'zos.deployment.update': (payload, ctx) => engine.update(payload, ctx.source.twin),
    'zos.deployment.get': async (payload, ctx) => engine.get(parseContractId(payload), ctx.source.twin),
    'zos.deployment.list': async (_payload, ctx) => engine.list(ctx.source.twin),
    'zos.deployment.changes': async (payload, ctx) => engine.changes(parseContractId(payload), ctx.source.twin),
    'zos.deployment.delete': async () => {
      throw new Error(DELETE_DISABLED);
    },
  };
}

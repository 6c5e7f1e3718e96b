/**
 * The little logging the RPC layer needs. The chain process passes its own logger; the default keeps debug chatter
 * quiet but never swallows an unexpected handler error, since the client only sees a bare -32603 for those.
 */
export interface RpcLogger {
  debug(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
}

export const defaultRpcLogger: RpcLogger = {
  debug: () => {},
  warn: (message, fields) => console.warn(`[chain-rpc] ${message}`, fields ?? ''),
  error: (message, fields) => console.error(`[chain-rpc] ${message}`, fields ?? ''),
};

export const silentRpcLogger: RpcLogger = { debug: () => {}, warn: () => {}, error: () => {} };

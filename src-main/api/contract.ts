/**
 * The one contract between the renderer and the backend.
 *
 * Every backend method is declared here once: its request schema (validated in the backend, because the renderer is
 * untrusted) and its response type. Every subscription topic likewise. The Electron preload bridge, the web-fallback
 * WebSocket transport, the backend dispatcher and the renderer's typed client are all derived from these tables, so a
 * method cannot exist in one transport and not the other.
 */
import type * as z from 'zod';
import { appMethods, appTopics } from './domains/app';
import { chainMethods } from './domains/chain';
import { contractsMethods, contractsTopics } from './domains/contracts';
import { explorerMethods, explorerTopics } from './domains/explorer';
import { farmerMethods } from './domains/farmer';
import { gridMethods, gridTopics } from './domains/grid';
import { keysMethods, keysTopics } from './domains/keys';
import { networksMethods, networksTopics } from './domains/networks';
import { timeMethods, timeTopics } from './domains/time';
import { workspacesMethods, workspacesTopics } from './domains/workspaces';

export type { MethodDecl, TopicDecl } from './decl';
export * from './domains/app';
export * from './domains/chain';
export * from './domains/contracts';
export * from './domains/explorer';
export * from './domains/farmer';
export * from './domains/grid';
export * from './domains/keys';
export * from './domains/networks';
export * from './domains/time';
export * from './domains/workspaces';

export const methods = {
  ...appMethods,
  ...keysMethods,
  ...gridMethods,
  ...chainMethods,
  ...explorerMethods,
  ...networksMethods,
  ...farmerMethods,
  ...contractsMethods,
  ...workspacesMethods,
  ...timeMethods,
} as const;

export const topics = {
  ...keysTopics,
  ...appTopics,
  ...gridTopics,
  ...explorerTopics,
  ...networksTopics,
  ...contractsTopics,
  ...workspacesTopics,
  ...timeTopics,
} as const;

// ---------------------------------------------------------------------------------------------------------------
// Derived types

export type Methods = typeof methods;
export type MethodName = keyof Methods;
export type Topics = typeof topics;
export type TopicName = keyof Topics;

/** What a caller passes (defaults may be omitted). */
export type ParamsIn<M extends MethodName> = z.input<Methods[M]['params']>;
/** What a handler receives after validation (defaults filled in). */
export type ParamsOut<M extends MethodName> = z.output<Methods[M]['params']>;
export type Result<M extends MethodName> = Exclude<Methods[M]['result'], undefined>;
export type TopicParamsIn<T extends TopicName> = z.input<Topics[T]['params']>;
export type TopicEvent<T extends TopicName> = Exclude<Topics[T]['event'], undefined>;

export const METHOD_NAMES = Object.keys(methods) as MethodName[];
export const TOPIC_NAMES = Object.keys(topics) as TopicName[];

export function isMethodName(value: unknown): value is MethodName {
  return typeof value === 'string' && Object.prototype.hasOwnProperty.call(methods, value);
}
export function isTopicName(value: unknown): value is TopicName {
  return typeof value === 'string' && Object.prototype.hasOwnProperty.call(topics, value);
}

/** The surface the renderer programs against, whatever carries it (Electron IPC or the web fallback). */
export interface GridboxApi {
  call<M extends MethodName>(method: M, params: ParamsIn<M>): Promise<Result<M>>;
  subscribe<T extends TopicName>(topic: T, params: TopicParamsIn<T>, onEvent: (event: TopicEvent<T>) => void): () => void;
}

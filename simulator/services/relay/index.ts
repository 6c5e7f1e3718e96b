export { startRelay, sessionKey, type RelayOptions, type RelayStats, type RunningRelay } from './relay';

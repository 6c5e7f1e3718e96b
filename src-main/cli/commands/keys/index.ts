import { commandGroup } from '../../command';

export const keysCommand = commandGroup('keys', 'manage accounts: the same key files the app uses', {
  list: async () => (await import('./list')).listCommand,
  new: async () => (await import('./new')).newCommand,
  import: async () => (await import('./import')).importCommand,
  export: async () => (await import('./export')).exportCommand,
  remove: async () => (await import('./remove')).removeCommand,
});

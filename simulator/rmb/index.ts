export * from './envelope';
export * from './identity';
export * from './jwt';
export * from './peer';
export * from './twin-lookup';

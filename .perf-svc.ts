const t0 = performance.now();
const lap = (l: string) => console.error(l, (performance.now() - t0).toFixed(0));
const { startChain } = await import('/work/wt/perfup/simulator/chain/index.ts'); lap('chain mod');
const { startRelay } = await import('/work/wt/perfup/simulator/services/relay/index.ts'); lap('relay mod');
const { startActivation } = await import('/work/wt/perfup/simulator/services/activation/index.ts'); lap('act mod');
const chain = await startChain({ port: 0, blockMode: 'instant' }); lap('chain up');
const relay = await startRelay({ chainUrl: chain.url, port: 0 }); lap('relay up');
const act = await startActivation({ chainUrl: chain.url, port: 0 }); lap('act up');
process.exit(0);

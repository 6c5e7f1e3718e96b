// Preloaded in every Gridbox container (`node --import`): the parts listen on 127.0.0.1, which inside a container
// nothing else can reach (neither the bridge network nor the published ports). Widen loopback listens to all
// interfaces of the container; the container's ports are published on the host's 127.0.0.1 only.
import net from 'node:net';

const listen = net.Server.prototype.listen;
const LOOPBACK = new Set(['127.0.0.1', 'localhost', '::1']);

net.Server.prototype.listen = function (this: net.Server, ...args: unknown[]) {
  const [first] = args;
  if (typeof first === 'object' && first !== null && LOOPBACK.has(String((first as net.ListenOptions).host))) {
    args[0] = { ...(first as net.ListenOptions), host: '0.0.0.0' };
  } else if (typeof args[1] === 'string' && LOOPBACK.has(args[1])) {
    args[1] = '0.0.0.0';
  }
  return (listen as (...a: unknown[]) => net.Server).apply(this, args);
} as typeof listen;

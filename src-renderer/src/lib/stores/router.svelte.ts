export const ROUTES = ['accounts', 'grid', 'farm', 'contracts', 'explorer', 'settings'] as const;
export type Route = (typeof ROUTES)[number];

const DEFAULT: Route = 'accounts';

export function parseHash(hash: string): Route | null {
  const name = hash.replace(/^#\/?/, '').split(/[/?]/)[0] ?? '';
  return (ROUTES as readonly string[]).includes(name) ? (name as Route) : null;
}

export function href(route: Route): string {
  return `#/${route}`;
}

/** Hash routing (#/accounts …): works from file:// in Electron and from the web-fallback server alike. */
class Router {
  route = $state<Route>(DEFAULT);
  #started = false;

  start(): void {
    if (this.#started) return;
    this.#started = true;
    const sync = () => {
      const parsed = parseHash(location.hash);
      if (parsed) this.route = parsed;
      else {
        // Unknown or empty: show the default page without adding a history entry. Keeps ?token= intact.
        history.replaceState(history.state, '', `${location.pathname}${location.search}${href(DEFAULT)}`);
        this.route = DEFAULT;
      }
    };
    sync();
    window.addEventListener('hashchange', sync);
  }

  go(route: Route): void {
    location.hash = href(route);
  }
}

export const router = new Router();

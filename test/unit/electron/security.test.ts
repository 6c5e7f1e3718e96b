import { describe, expect, it } from 'vitest';
import {
  contentSecurityPolicy,
  devServerOrigin,
  isAllowedExternalUrl,
  isAppUrl,
  isPermissionAllowed,
  isTrustedSender,
  normalizeExternalUrl,
  THREEFOLD_NETWORK_SOURCES,
  windowWebPreferences,
} from '../../../src-main/main/security';

const APP = 'app://gridbox';

describe('windowWebPreferences', () => {
  const prefs = windowWebPreferences('/app/out/preload/index.cjs');

  it('isolates and sandboxes the renderer with no Node access', () => {
    expect(prefs.preload).toBe('/app/out/preload/index.cjs');
    expect(prefs.contextIsolation).toBe(true);
    expect(prefs.sandbox).toBe(true);
    expect(prefs.nodeIntegration).toBe(false);
    expect(prefs.nodeIntegrationInWorker).toBe(false);
    expect(prefs.nodeIntegrationInSubFrames).toBe(false);
  });

  it('keeps the web platform protections on and the extras off', () => {
    expect(prefs.webviewTag).toBe(false);
    expect(prefs.webSecurity).toBe(true);
    expect(prefs.allowRunningInsecureContent).toBe(false);
    expect(prefs.experimentalFeatures).toBe(false);
    expect(prefs.enableBlinkFeatures ?? '').toBe('');
    expect(prefs.spellcheck).toBe(false);
    expect(prefs.navigateOnDragDrop).toBe(false);
  });

  it('has DevTools off unless asked for (development builds)', () => {
    expect(prefs.devTools).toBe(false);
    expect(windowWebPreferences('/p', { devTools: true }).devTools).toBe(true);
  });
});

describe('contentSecurityPolicy', () => {
  const csp = contentSecurityPolicy();
  const directives = new Map(
    csp.split(';').map((part) => {
      const [name = '', ...sources] = part.trim().split(/\s+/);
      return [name, sources] as const;
    }),
  );

  it('is exactly the agreed policy', () => {
    expect(csp).toBe(
      "default-src 'none'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; " +
        "font-src 'self'; connect-src 'self' ws://127.0.0.1:* http://127.0.0.1:* ws://localhost:* http://localhost:* " +
        "wss://*.grid.tf https://*.grid.tf; base-uri 'none'; form-action 'none'; frame-ancestors 'none'; object-src 'none'",
    );
  });

  it('denies by default and locks down base, forms, framing and plugins', () => {
    expect(directives.get('default-src')).toEqual(["'none'"]);
    expect(directives.get('base-uri')).toEqual(["'none'"]);
    expect(directives.get('form-action')).toEqual(["'none'"]);
    expect(directives.get('frame-ancestors')).toEqual(["'none'"]);
    expect(directives.get('object-src')).toEqual(["'none'"]);
  });

  it('never allows eval or inline scripts', () => {
    const script = directives.get('script-src') ?? [];
    expect(script).toEqual(["'self'", "'wasm-unsafe-eval'"]);
    expect(script).not.toContain("'unsafe-eval'");
    expect(script).not.toContain("'unsafe-inline'");
  });

  it('has no wildcard or bare-scheme sources', () => {
    for (const [name, sources] of directives) {
      for (const source of sources) {
        expect(source, `${name} ${source}`).not.toBe('*');
        // A bare scheme (https:, ws:) would allow every host; data: is tolerated for images only (checked below).
        if (source !== 'data:') expect(source, `${name} ${source}`).not.toMatch(/^[a-z][a-z0-9+.-]*:$/i);
        // A host wildcard is only ever a subdomain wildcard on a ThreeFold domain.
        if (source.includes('://*')) expect(source).toMatch(/^(wss|https):\/\/\*\.grid\.tf$/);
      }
    }
    expect(directives.get('img-src')).toEqual(["'self'", 'data:']);
  });

  it('takes the ThreeFold endpoints from the one shared constant', () => {
    for (const source of THREEFOLD_NETWORK_SOURCES) expect(directives.get('connect-src')).toContain(source);
  });

  it('only lets local addresses through on loopback, with any port', () => {
    const local = (directives.get('connect-src') ?? []).filter((s) => s.startsWith('ws://') || s.startsWith('http://'));
    for (const source of local) expect(source).toMatch(/^(ws|http):\/\/(127\.0\.0\.1|localhost):\*$/);
  });
});

describe('isAllowedExternalUrl', () => {
  it.each([
    'https://threefold.io',
    'https://threefold.io/',
    'https://www.threefold.io/farming',
    'https://docs.threefold.io/docs/farmers',
    'https://manual.grid.tf/documentation/farmers/farmers.html',
    'https://dashboard.grid.tf/#/farms',
    'https://github.com/threefoldtech',
    'https://github.com/threefoldtech/tfchain/issues/1',
    'https://github.com/ThreeFoldTech/tfgrid-sdk-ts',
    'https://THREEFOLD.IO/x',
  ])('accepts %s', (url) => {
    expect(isAllowedExternalUrl(url)).toBe(true);
  });

  it.each([
    ['plain http', 'http://threefold.io/'],
    ['http on a subdomain', 'http://manual.grid.tf/'],
    ['javascript:', 'javascript:alert(1)'],
    ['file:', 'file:///etc/passwd'],
    ['data:', 'data:text/html,<script>alert(1)</script>'],
    ['a custom scheme', 'ms-msdt:/id PCWDiagnostic'],
    ['smb share', 'smb://threefold.io/share'],
    ['a lookalike suffix', 'https://grid.tf.evil.com/'],
    ['a lookalike prefix', 'https://evilgrid.tf/'],
    ['a lookalike prefix on threefold', 'https://notthreefold.io/'],
    ['a trailing-dot trick', 'https://threefold.io.evil.com./'],
    ['credentials', 'https://user:pass@threefold.io/'],
    ['a username only', 'https://threefold.io@evil.com/'],
    ['a backslash trick', 'https://evil.com\\@threefold.io/'],
    ['another GitHub owner', 'https://github.com/evil/threefoldtech'],
    ['an owner name prefix', 'https://github.com/threefoldtech-evil/repo'],
    ['GitHub subdomains', 'https://gist.github.com/threefoldtech'],
    ['GitHub root', 'https://github.com/'],
    ['a non-default port', 'https://threefold.io:8443/'],
    ['an IP address', 'https://185.69.166.1/'],
    ['an empty string', ''],
    ['garbage', 'not a url'],
  ])('rejects %s', (_label, url) => {
    expect(isAllowedExternalUrl(url)).toBe(false);
  });

  it('rejects non-strings and absurdly long URLs', () => {
    expect(isAllowedExternalUrl(undefined)).toBe(false);
    expect(isAllowedExternalUrl({ href: 'https://threefold.io' })).toBe(false);
    expect(isAllowedExternalUrl(`https://threefold.io/${'a'.repeat(5000)}`)).toBe(false);
  });

  it('hands back the canonical form, which is what gets opened', () => {
    expect(normalizeExternalUrl('https://Manual.Grid.TF/a b')).toBe('https://manual.grid.tf/a%20b');
    expect(normalizeExternalUrl('https://evil.com/')).toBeNull();
  });
});

describe('isAppUrl', () => {
  it('accepts pages of the app origin', () => {
    expect(isAppUrl('app://gridbox/index.html', APP)).toBe(true);
    expect(isAppUrl('app://gridbox/', APP)).toBe(true);
    expect(isAppUrl('app://gridbox/index.html#/keys', APP)).toBe(true);
  });

  it('rejects everything else', () => {
    for (const url of [
      'app://gridbox.evil/index.html',
      'app://evil/index.html',
      'app://gridbox:8080/index.html',
      'app://user@gridbox/index.html',
      'https://gridbox/index.html',
      'file:///app/out/renderer/index.html',
      'about:blank',
      'blob:app://gridbox/123',
      'javascript:alert(1)',
      '',
      'http://localhost:5173/',
    ]) {
      expect(isAppUrl(url, APP), url).toBe(false);
    }
    expect(isAppUrl(null, APP)).toBe(false);
  });

  it('compares scheme, host and port for the dev server', () => {
    const dev = 'http://localhost:5173';
    expect(isAppUrl('http://localhost:5173/', dev)).toBe(true);
    expect(isAppUrl('http://localhost:5174/', dev)).toBe(false);
    expect(isAppUrl('https://localhost:5173/', dev)).toBe(false);
    expect(isAppUrl('http://127.0.0.1:5173/', dev)).toBe(false);
  });

  it('never matches when the app origin itself is unusable', () => {
    expect(isAppUrl('about:blank', 'about:blank')).toBe(false);
    expect(isAppUrl('app://gridbox/', '')).toBe(false);
  });
});

describe('isTrustedSender', () => {
  it('trusts only frames of our origin', () => {
    expect(isTrustedSender('app://gridbox/index.html', APP)).toBe(true);
    expect(isTrustedSender('https://dashboard.grid.tf/', APP)).toBe(false);
    expect(isTrustedSender('', APP)).toBe(false);
    expect(isTrustedSender(undefined, APP)).toBe(false);
  });
});

describe('devServerOrigin', () => {
  it('honours a loopback dev server in unpackaged builds', () => {
    expect(devServerOrigin('http://localhost:5173/', false)).toBe('http://localhost:5173');
    expect(devServerOrigin('http://127.0.0.1:5173', false)).toBe('http://127.0.0.1:5173');
  });

  it('is ignored when packaged, remote, malformed or absent', () => {
    expect(devServerOrigin('http://localhost:5173/', true)).toBeNull();
    expect(devServerOrigin('http://evil.com:5173/', false)).toBeNull();
    expect(devServerOrigin('http://localhost.evil.com/', false)).toBeNull();
    expect(devServerOrigin('file:///tmp/index.html', false)).toBeNull();
    expect(devServerOrigin('nonsense', false)).toBeNull();
    expect(devServerOrigin(undefined, false)).toBeNull();
  });
});

describe('isPermissionAllowed', () => {
  it('refuses every permission except writing text to the clipboard from our own top frame', () => {
    for (const permission of ['media', 'geolocation', 'notifications', 'clipboard-read', 'openExternal', 'hid', 'usb', 'unknown']) {
      expect(isPermissionAllowed(permission, 'app://gridbox/index.html', true, APP), permission).toBe(false);
    }
    expect(isPermissionAllowed('clipboard-sanitized-write', 'app://gridbox/index.html', true, APP)).toBe(true);
    expect(isPermissionAllowed('clipboard-sanitized-write', 'app://gridbox/index.html', false, APP)).toBe(false);
    expect(isPermissionAllowed('clipboard-sanitized-write', 'https://evil.com/', true, APP)).toBe(false);
  });
});

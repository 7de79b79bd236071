// The window and session set-up against the Electron security checklist (shared/reference/users.md).
import { beforeEach, describe, expect, it, vi } from 'vitest';

vi.mock('electron', () => import('./fake-electron'));

import { BrowserWindow, FakeWebContents, session, shell } from './fake-electron';
import { hardenedWebPreferences } from '../../src/main/security/web-preferences';
import { mainWindowOptions, createMainWindow } from '../../src/main/main-window';
import { hardenSession } from '../../src/main/security/session';
import { hardenWebContents } from '../../src/main/security/web-contents';
import { allowedExternalUrl, openExternalIfAllowed } from '../../src/main/security/external-links';
import { CONTENT_SECURITY_POLICY } from '../../src/main/security/content-security-policy';
import { DEFAULT_WINDOW_STATE } from '../../src/main/window-state';
import type { Session, WebContents } from 'electron';

const log = () => {};

beforeEach(() => {
  shell.openExternal.mockClear();
});

describe('webPreferences', () => {
  const prefs = hardenedWebPreferences({ preloadPath: '/app/out/preload/index.cjs', development: false });

  it('sets every security flag of the checklist', () => {
    expect(prefs).toMatchObject({
      sandbox: true,
      contextIsolation: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      devTools: false,
    });
    expect(prefs).not.toHaveProperty('enableBlinkFeatures');
    expect(prefs.preload).toBe('/app/out/preload/index.cjs');
  });

  it('allows DevTools only in development', () => {
    expect(hardenedWebPreferences({ preloadPath: 'p', development: true }).devTools).toBe(true);
  });

  it('is what the main window is created with, loaded from app:// and never file://', () => {
    const window = createMainWindow(DEFAULT_WINDOW_STATE, { preloadPath: '/p/index.cjs', development: false }, 'app://weft/index.html', log) as unknown as BrowserWindow;
    expect(window.options.webPreferences).toEqual(hardenedWebPreferences({ preloadPath: '/p/index.cjs', development: false }));
    expect(window.loadedUrl).toBe('app://weft/index.html');
    expect(window.options.show).toBe(false);
  });

  it('uses remembered bounds only when a position is known', () => {
    const withPosition = mainWindowOptions({ width: 1300, height: 800, x: 5, y: 6, maximized: false }, { preloadPath: 'p', development: false });
    expect(withPosition).toMatchObject({ width: 1300, height: 800, x: 5, y: 6 });
    const centered = mainWindowOptions({ width: 1300, height: 800, maximized: false }, { preloadPath: 'p', development: false });
    expect(centered).not.toHaveProperty('x');
  });
});

describe('Content-Security-Policy', () => {
  const directives = new Map(CONTENT_SECURITY_POLICY.split('; ').map((d) => [d.split(' ')[0], d.slice(d.indexOf(' ') + 1)]));
  it('is the checklist policy plus inline styles for React Flow', () => {
    expect(directives.get('default-src')).toBe("'none'");
    expect(directives.get('script-src')).toBe("'self'");
    expect(directives.get('style-src')).toBe("'self' 'unsafe-inline'");
    expect(directives.get('img-src')).toBe("'self' data: blob:");
    expect(directives.get('connect-src')).toBe("'self'");
    expect(directives.get('object-src')).toBe("'none'");
    expect(directives.get('base-uri')).toBe("'none'");
    expect(directives.get('frame-ancestors')).toBe("'none'");
    expect(CONTENT_SECURITY_POLICY).not.toMatch(/unsafe-eval|script-src[^;]*unsafe-inline/);
  });
});

describe('session', () => {
  const fakeSession = session.defaultSession;
  hardenSession(fakeSession as unknown as Session, log);

  it('denies every permission request', () => {
    for (const permission of ['media', 'notifications', 'clipboard-read', 'geolocation', 'openExternal', 'fullscreen']) {
      const callback = vi.fn();
      fakeSession.permissionRequestHandler!({}, permission, callback, {});
      expect(callback).toHaveBeenCalledWith(false);
    }
  });

  it('answers every permission check with false', () => {
    for (const permission of ['media', 'clipboard-read', 'hid', 'serial', 'usb']) {
      expect(fakeSession.permissionCheckHandler!(null, permission, 'app://weft', {})).toBe(false);
    }
    expect(fakeSession.devicePermissionHandler!({})).toBe(false);
  });

  it('refuses screen capture and downloads', () => {
    const callback = vi.fn();
    fakeSession.displayMediaRequestHandler!({}, callback);
    expect(callback).toHaveBeenCalledWith(null);
    const event = { defaultPrevented: false, preventDefault() { this.defaultPrevented = true; } };
    fakeSession.emit('will-download', event, {}, {});
    expect(event.defaultPrevented).toBe(true);
  });
});

describe('navigation and new windows', () => {
  function hardened(devServerUrl?: string) {
    const contents = new FakeWebContents();
    hardenWebContents(contents as unknown as WebContents, { devServerUrl }, log);
    return contents;
  }

  it('blocks every navigation in production', () => {
    const contents = hardened();
    for (const url of ['https://evil.example/', 'app://weft/index.html', 'file:///etc/passwd', 'http://localhost:5173/']) {
      expect(contents.fire('will-navigate', { url, isMainFrame: true }).defaultPrevented).toBe(true);
    }
  });

  it('lets the dev server reload itself in development, and nothing else', () => {
    const contents = hardened('http://localhost:5173');
    expect(contents.fire('will-navigate', { url: 'http://localhost:5173/index.html' }).defaultPrevented).toBe(false);
    expect(contents.fire('will-navigate', { url: 'http://localhost:5174/' }).defaultPrevented).toBe(true);
    expect(contents.fire('will-navigate', { url: 'https://evil.example/' }).defaultPrevented).toBe(true);
  });

  it('blocks sub-frame navigation', () => {
    const contents = hardened();
    expect(contents.fire('will-frame-navigate', { url: 'https://evil.example/', isMainFrame: false }).defaultPrevented).toBe(true);
  });

  it('refuses <webview>', () => {
    const contents = hardened();
    expect(contents.fire('will-attach-webview', {}, {}, {}).defaultPrevented).toBe(true);
  });

  it('denies every new window, opening allow-listed https links in the browser', () => {
    const contents = hardened();
    expect(contents.windowOpenHandler!({ url: 'https://replicate.com/account/api-tokens' })).toEqual({ action: 'deny' });
    expect(shell.openExternal).toHaveBeenCalledWith('https://replicate.com/account/api-tokens');
    shell.openExternal.mockClear();
    for (const url of ['https://evil.example/', 'app://weft/index.html', 'about:blank', 'file:///etc/passwd']) {
      expect(contents.windowOpenHandler!({ url })).toEqual({ action: 'deny' });
    }
    expect(shell.openExternal).not.toHaveBeenCalled();
  });
});

describe('openExternal', () => {
  it.each([
    'https://replicate.com/black-forest-labs/flux-dev',
    'https://huggingface.co/some/lora',
    'https://civitai.com/models/1',
    'https://github.com/weft-app/weft#readme',
  ])('opens %s', (url) => {
    expect(openExternalIfAllowed(url)).toBe(true);
    expect(shell.openExternal).toHaveBeenCalledWith(url);
  });

  it.each([
    'http://replicate.com/',
    'file:///C:/Windows/System32/calc.exe',
    'smb://replicate.com/share',
    'javascript:alert(1)',
    'ms-settings:privacy',
    'https://replicate.com.evil.example/',
    'https://evilreplicate.com/',
    'https://user:pass@replicate.com/',
    'https://replicate.com@evil.example/',
    'https://replicate.com:8443/',
    '//replicate.com/',
    ' https://evil.example',
    'not a url',
    '',
  ])('refuses %s', (url) => {
    expect(openExternalIfAllowed(url)).toBe(false);
    expect(shell.openExternal).not.toHaveBeenCalled();
  });

  it('refuses what is not a string', () => {
    expect(allowedExternalUrl({ toString: () => 'https://replicate.com/' })).toBeUndefined();
    expect(allowedExternalUrl(undefined)).toBeUndefined();
  });

  it('hands the parsed, normalized URL to the OS', () => {
    expect(allowedExternalUrl('HTTPS://REPLICATE.COM/a b')).toBe('https://replicate.com/a%20b');
  });
});

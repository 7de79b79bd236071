import { resolve } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { cacheDirFor, dataDirFor, dataPathsFor, defaultCacheDir, defaultDataDir } from '../../src/runtime/paths';

describe('cache folder', () => {
  it('follows each platform’s convention', () => {
    expect(cacheDirFor('linux', {}, '/home/ada')).toBe('/home/ada/.cache/weft');
    expect(cacheDirFor('darwin', {}, '/Users/ada')).toBe('/Users/ada/Library/Caches/Weft');
    expect(cacheDirFor('win32', { LOCALAPPDATA: 'C:\\Users\\ada\\AppData\\Local' }, 'C:\\Users\\ada')).toBe(
      'C:\\Users\\ada\\AppData\\Local\\Weft\\Cache',
    );
    expect(cacheDirFor('freebsd', {}, '/home/ada')).toBe('/home/ada/.cache/weft');
  });

  it('honours XDG_CACHE_HOME, but only when absolute (as the XDG spec requires)', () => {
    expect(cacheDirFor('linux', { XDG_CACHE_HOME: '/fast/cache' }, '/home/ada')).toBe('/fast/cache/weft');
    expect(cacheDirFor('linux', { XDG_CACHE_HOME: 'relative/cache' }, '/home/ada')).toBe('/home/ada/.cache/weft');
    expect(cacheDirFor('darwin', { XDG_CACHE_HOME: '/fast/cache' }, '/Users/ada')).toBe('/Users/ada/Library/Caches/Weft');
  });

  it('falls back to the usual Windows folder when %LOCALAPPDATA% is missing', () => {
    expect(cacheDirFor('win32', {}, 'C:\\Users\\ada')).toBe('C:\\Users\\ada\\AppData\\Local\\Weft\\Cache');
  });

  it('is overridden by WEFT_CACHE_DIR on every platform (blank values ignored)', () => {
    for (const platform of ['linux', 'darwin', 'win32'] as const) {
      expect(cacheDirFor(platform, { WEFT_CACHE_DIR: '/tmp/wc' }, '/h')).toBe('/tmp/wc');
    }
    expect(cacheDirFor('linux', { WEFT_CACHE_DIR: '  ' }, '/h')).toBe('/h/.cache/weft');
  });
});

describe('data folder', () => {
  it('follows each platform’s convention', () => {
    expect(dataDirFor('linux', {}, '/home/ada')).toBe('/home/ada/.local/share/weft');
    expect(dataDirFor('linux', { XDG_DATA_HOME: '/data' }, '/home/ada')).toBe('/data/weft');
    expect(dataDirFor('darwin', {}, '/Users/ada')).toBe('/Users/ada/Library/Application Support/Weft');
    expect(dataDirFor('win32', { APPDATA: 'D:\\Roam' }, 'C:\\Users\\ada')).toBe('D:\\Roam\\Weft');
    expect(dataDirFor('win32', {}, 'C:\\Users\\ada')).toBe('C:\\Users\\ada\\AppData\\Roaming\\Weft');
  });

  it('is overridden by WEFT_DATA_DIR', () => {
    expect(dataDirFor('darwin', { WEFT_DATA_DIR: '/portable/data' }, '/Users/ada')).toBe('/portable/data');
  });

  it('has fixed places for history, settings, recovery and the group library', () => {
    expect(dataPathsFor('win32', 'D:\\Roam\\Weft')).toEqual({
      history: 'D:\\Roam\\Weft\\history',
      settings: 'D:\\Roam\\Weft\\settings.json',
      recovery: 'D:\\Roam\\Weft\\recovery',
      library: 'D:\\Roam\\Weft\\library',
    });
  });
});

describe('defaults for this process', () => {
  afterEach(() => {
    vi.unstubAllEnvs();
  });

  it('read the environment and resolve relative overrides against the current folder', () => {
    vi.stubEnv('WEFT_CACHE_DIR', 'rel/cache');
    vi.stubEnv('WEFT_DATA_DIR', '/abs/data');
    expect(defaultCacheDir()).toBe(resolve('rel/cache'));
    expect(defaultDataDir()).toBe(resolve('/abs/data'));
  });
});

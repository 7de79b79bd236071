// The preload, bundled as the app bundles it (CommonJS, electron left external) and run against a fake
// contextBridge and ipcRenderer: it must expose exactly one function per API method plus onEvent, invoke
// fixed channels only, unwrap envelopes, and never hand the IPC event to the page.
import { resolve } from 'node:path';
import { runInNewContext } from 'node:vm';
import { build, type Rollup } from 'vite';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { API, preloadName } from '../../src/api/contract';
import config from '../../electron.vite.config';

const ROOT = resolve(__dirname, '..', '..');
const PRELOAD = resolve(ROOT, 'src/preload/index.ts');

let code: string;

beforeAll(async () => {
  const result = (await build({
    configFile: false,
    logLevel: 'silent',
    root: ROOT,
    build: {
      write: false,
      minify: false,
      lib: { entry: PRELOAD, formats: ['cjs'], fileName: 'index' },
      rollupOptions: { external: ['electron'] },
    },
  })) as Rollup.RollupOutput[] | Rollup.RollupOutput;
  const output = Array.isArray(result) ? result[0]! : result;
  code = (output.output[0] as Rollup.OutputChunk).code;
}, 30_000);

interface Loaded {
  exposed: Record<string, unknown>;
  exposedKey: string;
  required: string[];
  invoke: ReturnType<typeof vi.fn>;
  listeners: Map<string, Set<(...args: unknown[]) => void>>;
}

function load(reply: (channel: string, payload: unknown) => unknown = () => ({ ok: true, value: {} })): Loaded {
  const required: string[] = [];
  const listeners = new Map<string, Set<(...args: unknown[]) => void>>();
  let exposed: Record<string, unknown> = {};
  let exposedKey = '';
  const invoke = vi.fn(async (channel: string, payload: unknown) => reply(channel, payload));
  const ipcRenderer = {
    invoke,
    on: (channel: string, listener: (...args: unknown[]) => void) => {
      if (!listeners.has(channel)) listeners.set(channel, new Set());
      listeners.get(channel)!.add(listener);
    },
    removeListener: (channel: string, listener: (...args: unknown[]) => void) => listeners.get(channel)?.delete(listener),
    send: () => {
      throw new Error('the preload must not use send');
    },
  };
  const contextBridge = {
    exposeInMainWorld: (key: string, value: Record<string, unknown>) => {
      exposedKey = key;
      exposed = value;
    },
  };
  const module = { exports: {} };
  const requireFake = (name: string) => {
    required.push(name);
    if (name !== 'electron') throw new Error(`a sandboxed preload cannot require ${name}`);
    return { contextBridge, ipcRenderer };
  };
  runInNewContext(code, { require: requireFake, module, exports: module.exports, Error, TypeError, Object, Promise });
  return { exposed, exposedKey, required, invoke, listeners };
}

describe('preload', () => {
  it('is built as CommonJS by the app build (sandboxed preloads cannot be ES modules)', () => {
    const preload = (config as { preload: { build: { rollupOptions: { output: { format: string; entryFileNames: string } } } } }).preload;
    expect(preload.build.rollupOptions.output.format).toBe('cjs');
    expect(preload.build.rollupOptions.output.entryFileNames).toBe('[name].cjs');
  });

  it('requires nothing but electron', () => {
    const { required } = load();
    expect(new Set(required)).toEqual(new Set(['electron']));
    expect(code).not.toMatch(/require\(["'](?!electron["'])/);
  });

  it('exposes window.weft with exactly one named function per API method, plus onEvent', () => {
    const { exposed, exposedKey } = load();
    expect(exposedKey).toBe('weft');
    const expected = [...Object.keys(API).map((m) => preloadName(m as keyof typeof API)), 'onEvent'].sort();
    expect(Object.keys(exposed).sort()).toEqual(expected);
    for (const value of Object.values(exposed)) expect(typeof value).toBe('function');
    expect(exposed).not.toHaveProperty('ipcRenderer');
    expect(exposed).not.toHaveProperty('invoke');
    expect(exposed).not.toHaveProperty('send');
  });

  it('invokes each method on its own fixed channel and unwraps the answer', async () => {
    const { exposed, invoke } = load((channel) => ({ ok: true, value: { channel } }));
    for (const method of Object.keys(API)) {
      const call = exposed[preloadName(method as keyof typeof API)] as (r: unknown) => Promise<unknown>;
      await expect(call({ x: 1 })).resolves.toEqual({ channel: method });
      expect(invoke).toHaveBeenLastCalledWith(method, { x: 1 });
    }
    await (exposed.appInfo as () => Promise<unknown>)();
    expect(invoke).toHaveBeenLastCalledWith('app.info', {});
  });

  it('rejects with an Error carrying the code and message when the answer is ok:false', async () => {
    const { exposed } = load(() => ({ ok: false, error: { code: 'token', error: 'Replicate refused the token' } }));
    const failure = await (exposed.tokenTest as () => Promise<unknown>)().catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(Error);
    expect((failure as Error).message).toBe('[token] Replicate refused the token');
    expect((failure as Error & { code: string }).code).toBe('token');
  });

  it('onEvent strips the IPC event and unsubscribes', () => {
    const { exposed, listeners } = load();
    const seen: unknown[][] = [];
    const unsubscribe = (exposed.onEvent as (l: (...a: unknown[]) => void) => () => void)((...args) => seen.push(args));
    const channel = [...listeners.keys()];
    expect(channel).toEqual(['weft:event']);
    const ipcEvent = { sender: { send: () => {} }, ports: [] };
    for (const listener of listeners.get('weft:event')!) listener(ipcEvent, { channel: 'command', command: 'save' });
    expect(seen).toEqual([[{ channel: 'command', command: 'save' }]]);
    unsubscribe();
    expect(listeners.get('weft:event')!.size).toBe(0);
  });
});

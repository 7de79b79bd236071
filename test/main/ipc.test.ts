// IPC: every API method has a channel; every message's sender is checked before the API sees it; events
// reach our windows only, validated against the contract.
import { beforeEach, describe, expect, it, vi } from 'vitest';

vi.mock('electron', () => import('./fake-electron'));

import { FakeFrame, FakeWebContents, ipcMain } from './fake-electron';
import { API } from '../../src/api/contract';
import { serveApiOverIpc, type ApiHandle } from '../../src/main/ipc/serve-api';
import { checkSender } from '../../src/main/ipc/trusted-sender';
import { createEventSender, EVENT_CHANNEL } from '../../src/main/ipc/event-broadcast';
import type { IpcMainInvokeEvent, WebContents } from 'electron';

const ours = new FakeWebContents('app://weft/index.html');
const policy = { isOurWebContents: (c: WebContents) => (c as unknown) === ours };

function eventFrom(sender: FakeWebContents, frame: FakeFrame | null) {
  return { sender, senderFrame: frame } as unknown as IpcMainInvokeEvent;
}

describe('checkSender', () => {
  it('accepts the top frame of our window showing app://weft', () => {
    expect(checkSender(eventFrom(ours, ours.mainFrame), policy)).toEqual({ trusted: true });
  });

  it('refuses a null frame (gone or navigated)', () => {
    expect(checkSender(eventFrom(ours, null), policy)).toMatchObject({ trusted: false });
  });

  it('refuses a sub-frame of our window, even one claiming our origin', () => {
    const child = new FakeFrame('app://weft/index.html', ours.mainFrame);
    expect(checkSender(eventFrom(ours, child), policy)).toMatchObject({ trusted: false, reason: 'not the top frame' });
  });

  it('refuses a frame that is not our main frame (other process or routing id)', () => {
    const impostor = new FakeFrame('app://weft/index.html', null, { processId: 99, routingId: ours.mainFrame.routingId });
    expect(checkSender(eventFrom(ours, impostor), policy)).toMatchObject({ trusted: false });
  });

  it('refuses a webContents we did not create', () => {
    const stranger = new FakeWebContents('app://weft/index.html');
    expect(checkSender(eventFrom(stranger, stranger.mainFrame), policy)).toMatchObject({ trusted: false, reason: 'not one of our windows' });
  });

  it.each(['https://evil.example/', 'file:///app/out/renderer/index.html', 'app://evil/index.html', 'http://localhost:5173/', 'about:blank', 'app://user@weft/'])(
    'refuses our main frame showing %s',
    (url) => {
      const contents = new FakeWebContents(url);
      const check = checkSender(eventFrom(contents, contents.mainFrame), { isOurWebContents: () => true });
      expect(check).toMatchObject({ trusted: false, reason: 'not our origin' });
    },
  );

  it('accepts the dev server origin only in development', () => {
    const dev = new FakeWebContents('http://localhost:5173/');
    expect(checkSender(eventFrom(dev, dev.mainFrame), { isOurWebContents: () => true, devServerUrl: 'http://localhost:5173' })).toEqual({ trusted: true });
    expect(checkSender(eventFrom(dev, dev.mainFrame), { isOurWebContents: () => true })).toMatchObject({ trusted: false });
  });
});

describe('serveApiOverIpc', () => {
  const handle = vi.fn<ApiHandle>(async (method) => ({ ok: true, value: { method } }));
  const log = vi.fn();

  beforeEach(() => {
    ipcMain.handlers.clear();
    handle.mockClear();
    serveApiOverIpc({ handlerFor: (c) => ((c as unknown) === ours ? handle : undefined), log });
  });

  it('registers exactly one channel per API method', () => {
    expect([...ipcMain.handlers.keys()].sort()).toEqual(Object.keys(API).sort());
  });

  it('passes trusted calls to the handler and returns its envelope', async () => {
    const reply = await ipcMain.handlers.get('app.info')!(eventFrom(ours, ours.mainFrame), {});
    expect(reply).toEqual({ ok: true, value: { method: 'app.info' } });
    expect(handle).toHaveBeenCalledWith('app.info', {});
  });

  it('refuses untrusted calls before the handler sees them', async () => {
    const stranger = new FakeWebContents();
    const child = new FakeFrame('app://weft/index.html', ours.mainFrame);
    const foreign = new FakeWebContents('https://evil.example/');
    const attempts = [eventFrom(ours, null), eventFrom(ours, child), eventFrom(stranger, stranger.mainFrame), eventFrom(foreign, foreign.mainFrame)];
    for (const event of attempts) {
      const reply = await ipcMain.handlers.get('token.set')!(event, { token: 'r8_secret' });
      expect(reply).toEqual({ ok: false, error: { code: 'bad-request', error: 'this caller may not use the Weft API' } });
    }
    expect(handle).not.toHaveBeenCalled();
  });
});

describe('event broadcast', () => {
  it('sends valid events to our windows only, on the event channel', () => {
    const a = new FakeWebContents();
    const b = new FakeWebContents();
    const closed = new FakeWebContents();
    closed.destroyed = true;
    const stranger = new FakeWebContents();
    const events = createEventSender(() => [a, b, closed] as unknown as WebContents[], () => {});
    events.broadcast({ channel: 'command', command: 'save' });
    for (const contents of [a, b]) expect(contents.sent).toEqual([{ channel: EVENT_CHANNEL, payload: { channel: 'command', command: 'save' } }]);
    expect(closed.sent).toEqual([]);
    expect(stranger.sent).toEqual([]);
  });

  it('drops events that do not match the contract and strips fields it does not name', () => {
    const a = new FakeWebContents();
    const log = vi.fn();
    const events = createEventSender(() => [a] as unknown as WebContents[], log);
    events.broadcast({ channel: 'command', command: 'format-disk' });
    events.broadcast({ channel: 'command', command: 'run', token: 'r8_leak' });
    expect(a.sent).toEqual([{ channel: EVENT_CHANNEL, payload: { channel: 'command', command: 'run' } }]);
    expect(log).toHaveBeenCalledTimes(1);
  });

  it('sends to one window only when it is ours', () => {
    const a = new FakeWebContents();
    const stranger = new FakeWebContents();
    const events = createEventSender(() => [a] as unknown as WebContents[], () => {});
    events.sendTo(stranger as unknown as WebContents, { channel: 'command', command: 'save' });
    events.sendTo(a as unknown as WebContents, { channel: 'command', command: 'save' });
    expect(stranger.sent).toEqual([]);
    expect(a.sent).toHaveLength(1);
  });
});

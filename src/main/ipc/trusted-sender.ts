// Checklist item 17: every IPC message is checked before it reaches the API. The sender must be the top
// frame of one of our own windows, currently showing our renderer. A message from an iframe, a window we
// did not create, a page that navigated elsewhere, or a frame that is already gone (senderFrame null) is
// refused.
import type { IpcMainInvokeEvent, WebContents } from 'electron';
import { isRendererUrl, type RendererOrigins } from '../app-origin';

export interface SenderPolicy extends RendererOrigins {
  /** The webContents of the windows we created and still have open. */
  isOurWebContents(contents: WebContents): boolean;
}

export type SenderVerdict = { trusted: true } | { trusted: false; reason: string };

export function checkSender(event: Pick<IpcMainInvokeEvent, 'sender' | 'senderFrame'>, policy: SenderPolicy): SenderVerdict {
  const frame = event.senderFrame;
  if (!frame) return { trusted: false, reason: 'the sending frame is gone' };
  if (!policy.isOurWebContents(event.sender)) return { trusted: false, reason: 'not one of our windows' };
  const main = event.sender.mainFrame;
  const isTopFrame =
    frame.parent === null && frame.processId === main.processId && frame.routingId === main.routingId;
  if (!isTopFrame) return { trusted: false, reason: 'not the top frame' };
  if (!isRendererUrl(frame.url, policy)) return { trusted: false, reason: 'not our origin' };
  return { trusted: true };
}

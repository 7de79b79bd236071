// Events pushed to the renderer (run progress, menu commands, documents opened from the OS). Each is
// validated against ApiEventSchema on the way out (which also strips any field the schema does not
// name), and goes to our windows only, on one fixed channel.
import type { WebContents } from 'electron';
import { ApiEventSchema, type ApiEvent } from '../../api/contract';

export const EVENT_CHANNEL = 'weft:event';

export interface EventSender {
  /** To every window of ours (run events). */
  broadcast(event: unknown): void;
  /** To one window (a menu command, a document opened for it). */
  sendTo(contents: WebContents, event: ApiEvent): void;
}

export function createEventSender(ourWebContents: () => Iterable<WebContents>, log: (message: string) => void): EventSender {
  const checked = (event: unknown): ApiEvent | undefined => {
    const result = ApiEventSchema.safeParse(event);
    if (result.success) return result.data;
    log(`dropped an event that does not match the API: ${result.error.issues[0]?.message ?? 'invalid'}`);
    return undefined;
  };
  const deliver = (contents: WebContents, payload: ApiEvent) => {
    if (!contents.isDestroyed()) contents.send(EVENT_CHANNEL, payload);
  };
  return {
    broadcast(event) {
      const payload = checked(event);
      if (payload) for (const contents of ourWebContents()) deliver(contents, payload);
    },
    sendTo(contents, event) {
      const payload = checked(event);
      const ours = [...ourWebContents()].includes(contents);
      if (payload && ours) deliver(contents, payload);
    },
  };
}

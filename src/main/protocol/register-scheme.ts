// app:// must be declared before the app is ready: privileges cannot be granted later.
import { protocol } from 'electron';
import { APP_SCHEME } from '../app-origin';

export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([
    {
      scheme: APP_SCHEME,
      // standard: real origins, relative URLs and `'self'` in CSP work as with https. secure: treated
      // like https (secure context, no mixed-content downgrade). supportFetchAPI: the mask painter
      // fetches image bytes. Nothing else (no bypassCSP, no corsEnabled, no service workers).
      privileges: { standard: true, secure: true, supportFetchAPI: true },
    },
  ]);
}

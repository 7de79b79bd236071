// The session's answers to everything a page may ask for (checklist item 5): no permission is ever
// granted (camera, notifications, clipboard read, USB, HID, serial, screen capture...), no device is
// offered, and downloads are refused (images are saved through the API, by the main process).
import type { Session } from 'electron';

export function hardenSession(session: Session, log: (message: string) => void): void {
  session.setPermissionRequestHandler((_contents, permission, callback) => {
    log(`denied permission request: ${permission}`);
    callback(false);
  });
  session.setPermissionCheckHandler(() => false);
  session.setDevicePermissionHandler(() => false);
  session.setDisplayMediaRequestHandler((_request, callback) => callback(null));
  session.on('will-download', (event) => {
    event.preventDefault();
    log('blocked a download started by the page');
  });
}

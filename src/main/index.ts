// Entry point of the Electron main process. Everything happens in desktop-app.ts; this file only hands it
// the process's facts, so tests can start the same app with their own.
import { startDesktopApp } from './desktop-app';

startDesktopApp({ env: process.env, argv: process.argv, cwd: process.cwd(), platform: process.platform, mainDir: __dirname });

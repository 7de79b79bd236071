// Links the app may open in the user's browser (checklist items 14 and 15). shell.openExternal hands a
// URL to the OS, which will happily run file:, smb: or custom-protocol handlers: so only https: URLs to a
// short list of hosts go out, after a real URL parser has had its say.
import { shell } from 'electron';

/**
 * Where Help > Documentation goes: the `homepage` of the packaged package.json when it is an allowed https
 * URL, and nowhere (the menu item is left out) until the project has one, rather than a made-up address.
 */
export function documentationUrl(packageJsonText: string): string | undefined {
  try {
    const homepage = (JSON.parse(packageJsonText) as { homepage?: unknown }).homepage;
    return allowedExternalUrl(homepage);
  } catch {
    return undefined;
  }
}

/** Hosts the app links to: the Replicate account and model pages, and where LoRAs and docs live. */
export const EXTERNAL_HOSTS: ReadonlySet<string> = new Set([
  'replicate.com',
  'github.com',
  'huggingface.co',
  'civitai.com',
]);

/** The normalized URL when it may be opened externally, undefined otherwise. */
export function allowedExternalUrl(candidate: unknown): string | undefined {
  if (typeof candidate !== 'string' || candidate.length > 2048) return undefined;
  let url: URL;
  try {
    url = new URL(candidate);
  } catch {
    return undefined;
  }
  if (url.protocol !== 'https:') return undefined;
  // Credentials or an odd port in a link are a phishing pattern, never something we produce.
  if (url.username || url.password || url.port) return undefined;
  if (!EXTERNAL_HOSTS.has(url.hostname)) return undefined;
  return url.href;
}

/** Opens the URL in the default browser if it is allowed; says whether it did. */
export function openExternalIfAllowed(candidate: unknown, log: (message: string) => void = () => {}): boolean {
  const url = allowedExternalUrl(candidate);
  if (!url) {
    log(`refused to open a link outside the allow-list: ${String(candidate).slice(0, 200)}`);
    return false;
  }
  void shell.openExternal(url).catch((error: unknown) => log(`could not open ${url}: ${String(error)}`));
  return true;
}

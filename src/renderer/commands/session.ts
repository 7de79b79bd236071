// Reopens the files that were open when the window last closed (users lose tabs on restart in other
// tools). Only saved files come back this way; unsaved work comes back through the recovery offer, which
// wins when both name the same file.
import { api } from '../api/client';
import { appStore } from '../store/app-store';
import { activate } from '../store/documents';
import { openRecent } from './file-commands';

const KEY = 'weft.session.v1';

interface Session {
  files: string[];
  active?: string;
}

function read(): Session | undefined {
  try {
    const value = JSON.parse(localStorage.getItem(KEY) ?? 'null') as Session | null;
    return value && Array.isArray(value.files) ? value : undefined;
  } catch {
    return undefined;
  }
}

export function rememberSession(): () => void {
  let last = '';
  return appStore.subscribe(() => {
    const state = appStore.get();
    const files = state.order.map((id) => state.docs[id]?.displayPath).filter((p): p is string => Boolean(p));
    const active = state.active ? state.docs[state.active]?.displayPath : undefined;
    const text = JSON.stringify({ files, ...(active ? { active } : {}) });
    if (text === last) return;
    last = text;
    try {
      localStorage.setItem(KEY, text);
    } catch {
      // Storage full or disabled: the session is simply not remembered.
    }
  });
}

export async function restoreSession(): Promise<void> {
  const session = read();
  if (!session?.files.length || appStore.get().order.length > 0) return;
  const recovered = new Set(appStore.get().recoveryOffer.map((e) => e.displayPath));
  let recent: { id: string; displayPath: string }[];
  try {
    recent = (await api()['workflow.recent']({})).entries;
  } catch {
    return;
  }
  for (const path of session.files) {
    const entry = recent.find((r) => r.displayPath === path);
    if (entry && !recovered.has(path)) await openRecent(entry.id);
  }
  const state = appStore.get();
  const active = state.order.find((id) => state.docs[id]?.displayPath === session.active);
  if (active) activate(active);
}

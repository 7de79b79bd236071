// Promises over the app's own modal dialogs (a path prompt, a three-way confirm), so commands read as
// straight-line code: `const path = await askPath(...)`.
import { appStore } from '../store/app-store';
import type { ConfirmRequest, DialogName } from '../store/state';

export function askPath(title: string, label: string, initial: string): Promise<string | undefined> {
  return new Promise((resolve) => {
    appStore.update((state) => {
      state.pathPrompt = {
        title,
        label,
        initial,
        resolve: (path) => {
          appStore.update((s) => {
            delete s.pathPrompt;
          });
          resolve(path?.trim() || undefined);
        },
      };
    });
  });
}

/** The same prompt, for a name or any one line of text (a group's name, a library name). */
export function askText(title: string, label: string, initial: string): Promise<string | undefined> {
  return askPath(title, label, initial);
}

export function askConfirm(request: Omit<ConfirmRequest, 'resolve'>): Promise<'confirm' | 'alternative' | 'cancel'> {
  return new Promise((resolve) => {
    appStore.update((state) => {
      state.confirm = {
        ...request,
        resolve: (choice) => {
          appStore.update((s) => {
            delete s.confirm;
          });
          resolve(choice);
        },
      };
    });
  });
}

/** Asks the browser for a file with a transient <input type=file>; undefined when the user cancels. */
export function pickFile(accept: string): Promise<File | undefined> {
  return new Promise((resolve) => {
    const input = document.createElement('input');
    input.type = 'file';
    input.accept = accept;
    input.style.display = 'none';
    input.dataset.testid = 'file-picker';
    const done = (file: File | undefined) => {
      input.remove();
      resolve(file);
    };
    input.addEventListener('change', () => done(input.files?.[0]));
    input.addEventListener('cancel', () => done(undefined));
    document.body.append(input);
    input.click();
  });
}

export function openDialog(name: DialogName): void {
  appStore.update((state) => {
    state.dialog = name;
  });
}

export function closeDialog(): void {
  appStore.update((state) => {
    delete state.dialog;
  });
}

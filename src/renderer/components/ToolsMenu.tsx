// The toolbar's Tools menu: the editor's less frequent tools, each also on a shortcut or the palette:
// add a Replicate model, group and ungroup, export a script, the group library.
import { useEffect, useRef, useState } from 'react';
import { openDialog } from '../commands/dialogs';
import { groupSelected, toggleLibrary, ungroupSelected } from '../commands/group-commands';
import { openModelPicker } from '../commands/model-commands';
import { displayKeys } from '../commands/shortcuts';
import { useActiveDoc, useApp } from '../store/app-store';

interface Item {
  label: string;
  keys?: string;
  testId: string;
  disabled?: boolean;
  run(): void;
}

export function ToolsMenu() {
  const [open, setOpen] = useState(false);
  const ref = useRef<HTMLDivElement>(null);
  const hasDoc = useApp((s) => s.active !== undefined);
  const libraryOpen = useApp((s) => s.libraryOpen);
  const selected = useActiveDoc((d) => d.selection.length, 0);
  const groupSelectedOne = useActiveDoc((d) => d.selection.length === 1 && d.workflow.nodes.some((n) => n.id === d.selection[0] && n.type === 'group'), false);
  useEffect(() => {
    if (!open) return;
    const close = (event: Event) => {
      if (event instanceof KeyboardEvent ? event.key === 'Escape' : !ref.current?.contains(event.target as Node)) setOpen(false);
    };
    window.addEventListener('pointerdown', close);
    window.addEventListener('keydown', close);
    return () => {
      window.removeEventListener('pointerdown', close);
      window.removeEventListener('keydown', close);
    };
  }, [open]);
  const items: Item[] = [
    { label: 'Add Replicate model…', testId: 'menu-add-model', disabled: !hasDoc, run: () => openModelPicker() },
    { label: 'Group selected nodes…', keys: 'Mod+G', testId: 'menu-group', disabled: selected === 0, run: () => void groupSelected() },
    { label: 'Ungroup', keys: 'Mod+Shift+G', testId: 'menu-ungroup', disabled: !groupSelectedOne, run: ungroupSelected },
    { label: 'Export script…', testId: 'menu-export', disabled: !hasDoc, run: () => openDialog('export') },
    { label: libraryOpen ? 'Hide the group library' : 'Group library', testId: 'menu-library', run: () => toggleLibrary() },
  ];
  return (
    <div className="tools-menu" ref={ref}>
      <button type="button" aria-haspopup="menu" aria-expanded={open} onClick={() => setOpen(!open)} data-testid="tools-menu" className={open ? 'active' : ''}>
        Tools ▾
      </button>
      {open && (
        <ul className="tools-menu-list" role="menu">
          {items.map((item) => (
            <li key={item.testId} role="none">
              <button
                type="button"
                role="menuitem"
                disabled={item.disabled}
                data-testid={item.testId}
                onClick={() => {
                  setOpen(false);
                  item.run();
                }}
              >
                {item.label}
                {item.keys && <kbd>{displayKeys(item.keys)}</kbd>}
              </button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

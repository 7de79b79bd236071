// Help: every keyboard shortcut (read from the same table the key handler uses) and the port colours.
import { PORT_TYPES, describePortType } from '../../engine';
import { closeDialog } from '../commands/dialogs';
import { displayKeys, SHORTCUTS } from '../commands/shortcuts';
import { PORT_COLORS } from '../canvas/port-colors';
import { Modal } from './Modal';

export function HelpDialog() {
  return (
    <Modal title="Keyboard shortcuts and help" testId="help-dialog" onClose={closeDialog} className="wide">
      <table className="shortcuts">
        <tbody>
          {SHORTCUTS.map((s) => (
            <tr key={s.description}>
              <td>
                {s.keys.map((k) => (
                  <kbd key={k}>{displayKeys(k)}</kbd>
                ))}
              </td>
              <td>{s.description}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <h3>Ports</h3>
      <ul className="legend">
        {PORT_TYPES.map((t) => (
          <li key={t}>
            <span className="dot" style={{ background: PORT_COLORS[t] }} /> {t}: {describePortType(t)}
          </li>
        ))}
      </ul>
      <p className="muted">
        A node says why it will run again (stale), is answered from the cache, or is blocked. Hover a “?” for the model’s own help on a setting. Drag an output from the gallery or a node onto the canvas to use it as an input image.
      </p>
    </Modal>
  );
}

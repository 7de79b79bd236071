// The node palette: search the catalog by name or description and add a node. Opened by Mod+K, a
// double-click on the canvas, or a connection dropped on empty canvas (then only the node types that
// fit that connection are listed, and the new node is connected).
import { useMemo, useState } from 'react';
import { NODE_DEFINITIONS, catalog } from '../../../nodes';
import { describePortType, type NodeDefinition } from '../../engine';
import { addNodeFromPalette, closePalette, inputAccepting, outputFitting } from '../commands/edit-commands';
import { openModelPicker } from '../commands/model-commands';
import { useApp } from '../store/app-store';
import { definitionOf } from '../store/workflow-edits';
import type { PaletteRequest } from '../store/state';
import { portColor } from '../canvas/port-colors';

function fits(definition: NodeDefinition, request: PaletteRequest, definitionAt: (id: string) => NodeDefinition | undefined): boolean {
  if (request.mode !== 'connect') return true;
  const fromDef = definitionAt(request.from.node);
  if (!fromDef) return false;
  if (request.from.side === 'output') {
    const output = fromDef.outputs.find((p) => p.name === request.from.port);
    return output ? inputAccepting(definition, output.type) !== undefined : false;
  }
  const input = fromDef.inputs.find((p) => p.name === request.from.port);
  return input ? outputFitting(definition, input) !== undefined : false;
}

function score(definition: NodeDefinition, query: string): number {
  if (!query) return 1;
  const q = query.toLowerCase();
  const title = definition.title.toLowerCase();
  if (title.startsWith(q) || definition.type.startsWith(q)) return 3;
  if (title.includes(q)) return 2;
  if (definition.description.toLowerCase().includes(q)) return 1;
  return 0;
}

/** The palette's last entry: any Replicate model, looked up by name, as a node. */
const MODEL_ENTRY = { title: 'Replicate model…', description: 'Any model on Replicate as a node: type owner/name[:version]; its schema is kept in the workflow.' };

function modelEntryMatches(query: string): boolean {
  const q = query.trim().toLowerCase();
  return q === '' || 'replicate model'.includes(q) || q.split(/\s+/).every((word) => 'add replicate model any'.includes(word));
}

export function Palette() {
  const request = useApp((s) => s.palette);
  const workflow = useApp((s) => (s.active ? s.docs[s.active]?.workflow : undefined));
  if (!request || !workflow) return null;
  const definitionAt = (id: string) => {
    const node = workflow.nodes.find((n) => n.id === id);
    return node ? definitionOf(workflow, catalog, node) : undefined;
  };
  return <PaletteDialog request={request} definitionAt={definitionAt} />;
}

function PaletteDialog({ request, definitionAt }: { request: PaletteRequest; definitionAt: (id: string) => NodeDefinition | undefined }) {
  const [query, setQuery] = useState('');
  const [index, setIndex] = useState(0);
  const choices = useMemo(
    () =>
      NODE_DEFINITIONS.filter((d) => fits(d, request, definitionAt))
        .map((d) => ({ d, s: score(d, query.trim()) }))
        .filter((x) => x.s > 0)
        .sort((a, b) => b.s - a.s)
        .map((x) => x.d),
    [request, query, definitionAt],
  );
  const withModel = request.mode === 'add' && modelEntryMatches(query);
  const count = choices.length + (withModel ? 1 : 0);
  const current = Math.min(index, Math.max(0, count - 1));
  const chooseModel = () => openModelPicker(request.at);
  const choose = (i: number) => {
    const definition = choices[i];
    if (definition) addNodeFromPalette(definition.type, request);
    else if (withModel && i === choices.length) chooseModel();
  };
  return (
    <div className="modal-backdrop palette-backdrop" role="presentation" onMouseDown={(e) => e.target === e.currentTarget && closePalette()}>
      <div className="palette" role="dialog" aria-modal="true" aria-label="Add a node" data-testid="palette">
        <input
          autoFocus
          className="palette-search"
          placeholder={request.mode === 'connect' ? 'Add a node that fits this connection…' : 'Add a node: type to search…'}
          value={query}
          aria-label="Search node types"
          onChange={(e) => {
            setQuery(e.target.value);
            setIndex(0);
          }}
          onKeyDown={(e) => {
            if (e.key === 'ArrowDown') setIndex((i) => Math.min(i + 1, count - 1));
            else if (e.key === 'ArrowUp') setIndex((i) => Math.max(i - 1, 0));
            else if (e.key === 'Enter') choose(current);
            else if (e.key === 'Escape') closePalette();
            else return;
            e.preventDefault();
          }}
        />
        <ul className="palette-list" role="listbox">
          {choices.map((d, i) => (
            <li
              key={d.type}
              role="option"
              aria-selected={i === current}
              className={i === current ? 'current' : ''}
              data-testid={`palette-item-${d.type}`}
              onMouseEnter={() => setIndex(i)}
              onClick={() => choose(i)}
            >
              <div className="palette-title">
                {d.title}
                <span className="palette-ports">
                  {d.inputs.map((p) => (
                    <span key={`i-${p.name}`} className="dot" style={{ background: portColor(p.type) }} title={`in: ${p.label} (${describePortType(p.type)})`} />
                  ))}
                  <span className="arrow">→</span>
                  {d.outputs.map((p) => (
                    <span key={`o-${p.name}`} className="dot" style={{ background: portColor(p.type) }} title={`out: ${p.label} (${describePortType(p.type)})`} />
                  ))}
                </span>
              </div>
              <div className="palette-description">{d.description}</div>
            </li>
          ))}
          {withModel && (
            <li
              role="option"
              aria-selected={current === choices.length}
              className={`palette-model${current === choices.length ? ' current' : ''}`}
              data-testid="palette-add-model"
              onMouseEnter={() => setIndex(choices.length)}
              onClick={chooseModel}
            >
              <div className="palette-title">{MODEL_ENTRY.title}</div>
              <div className="palette-description">{MODEL_ENTRY.description}</div>
            </li>
          )}
          {count === 0 && <li className="empty">No node type matches.</li>}
        </ul>
      </div>
    </div>
  );
}

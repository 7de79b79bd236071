// One param of a node, drawn from its spec: the label with its help text, the widget for its kind, a
// reset to the default, and what is wrong with it (typed just now, or found by the compiler).
import { memo } from 'react';
import { isSweep, type ParamSpec } from '../../engine';
import type { Diagnostic } from '../store/state';
import { startSweep, sweepable } from '../store/sweep-edits';
import { BooleanField } from './BooleanField';
import { ChoiceField } from './ChoiceField';
import type { FieldProps } from './field-types';
import { HelpTip } from './HelpTip';
import { LoraSourceField } from './LoraSourceField';
import { NumberField } from './NumberField';
import { SeedField } from './SeedField';
import { SweepField } from './SweepField';
import { TextField } from './TextField';
import { paramError } from './validate';

export interface ParamFieldProps {
  nodeId: string;
  name: string;
  spec: ParamSpec;
  value: unknown;
  diagnostics: readonly Diagnostic[] | undefined;
  /** Not sent: the model ignores it here, or a wire into the node's input of the same name gives it instead. */
  ignored?: 'by-model' | 'wired' | undefined;
  lastSeed?: number | undefined;
  /** Words the samplers fed by this text will add in front of it (a prompt's LoRA triggers). */
  triggers?: readonly string[] | undefined;
  /** Whether this node's params may sweep (nodes that make or feed calls; not output nodes). */
  canSweep?: boolean | undefined;
  onChange(name: string, value: unknown, options?: { merge?: boolean }): void;
}

function Widget(props: FieldProps & { lastSeed: number | undefined }) {
  const { spec } = props;
  switch (spec.kind) {
    case 'number':
      return <NumberField {...props} spec={spec} />;
    case 'choice':
      return <ChoiceField {...props} spec={spec} />;
    case 'boolean':
      return <BooleanField {...props} spec={spec} />;
    case 'seed':
      return <SeedField {...props} spec={spec} lastSeed={props.lastSeed} />;
    case 'text':
      return spec.widget === 'lora-source' ? <LoraSourceField {...props} spec={spec} /> : <TextField {...props} spec={spec} />;
  }
}

export const ParamField = memo(function ParamField({ nodeId, name, spec, value, diagnostics, ignored, lastSeed, triggers, canSweep, onChange }: ParamFieldProps) {
  const id = `${nodeId}-${name}`;
  const sweep = isSweep(value) ? value : undefined;
  const typedError = sweep ? undefined : paramError(spec, value);
  const compiled = diagnostics?.filter((d) => d.severity !== 'info') ?? [];
  const messages = typedError ? [{ severity: 'error' as const, message: typedError }] : compiled;
  const invalid = messages.some((m) => m.severity === 'error');
  const resettable = value !== undefined && spec.kind !== 'seed' && (spec.optional || ('default' in spec && spec.default !== undefined)) && value !== (spec as { default?: unknown }).default;
  const wide = (spec.kind === 'text' && spec.multiline) || spec.kind === 'seed' || sweep !== undefined;
  const offerSweep = canSweep && !sweep && sweepable(spec);
  return (
    <div
      className={`param${wide ? ' wide' : ''}${ignored ? ' ignored' : ''}${invalid ? ' has-error' : ''}`}
      data-testid={`param-${id}`}
      data-param={name}
      title={ignored === 'wired' ? `Set by the wire into this node's ${spec.label.toLowerCase()} input: this value is not sent, and changing it costs no new prediction` : ignored ? 'Not used here: the model ignores this setting, so it is not sent and changing it costs no new prediction' : undefined}
    >
      <div className="param-label">
        <HelpTip text={spec.description}>
          <label htmlFor={id}>{spec.label}</label>
        </HelpTip>
        {resettable && (
          <button type="button" className="reset nodrag" title={spec.optional && !('default' in spec && spec.default !== undefined) ? 'Unset' : 'Back to the default'} aria-label={`Reset ${spec.label}`} onClick={() => onChange(name, undefined)}>
            ↺
          </button>
        )}
        {offerSweep && (
          <button
            type="button"
            className="sweep-toggle nodrag"
            title="Sweep: try several values, one call each"
            aria-label={`Sweep ${spec.label}`}
            data-testid={`sweep-toggle-${id}`}
            onClick={() => onChange(name, startSweep(spec, value, lastSeed))}
          >
            sweep
          </button>
        )}
      </div>
      <div className="param-widget">
        {sweep ? (
          <SweepField id={id} spec={spec} value={sweep} onChange={(v, o) => onChange(name, v, o)} />
        ) : (
          <Widget id={id} spec={spec} value={value} invalid={invalid} lastSeed={lastSeed} onChange={(v, o) => onChange(name, v, o)} />
        )}
      </div>
      {triggers && triggers.length > 0 && (
        <div className="triggers" data-testid={`${id}-triggers`} title="Trigger words of the LoRAs feeding the sampler, put in front of this prompt because it does not contain them">
          adds: {triggers.map((t) => <code key={t}>{t}</code>)}
        </div>
      )}
      {messages.map((m, i) => (
        <div key={i} className={`field-message ${m.severity}`} role={m.severity === 'error' ? 'alert' : undefined}>
          {spec.label} {m.message}
        </div>
      ))}
    </div>
  );
});

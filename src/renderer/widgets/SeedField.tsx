// The seed: random (drawn when the workflow compiles, and recorded) or fixed; a dice to draw a fixed one
// now, and "reuse" to pin the seed of the last run, to reproduce an output you liked.
import { useEffect, useState } from 'react';
import { MAX_SEED, type ParamSpec, type SeedParam } from '../../engine';
import type { FieldProps } from './field-types';
import { DiceIcon, ReuseIcon } from './icons';

type Spec = SeedParam & ParamSpec;

function randomSeed(): number {
  const values = new Uint32Array(1);
  crypto.getRandomValues(values);
  return Math.max(1, values[0]!);
}

export function SeedField({ id, spec, value, onChange, invalid, lastSeed }: FieldProps<Spec> & { lastSeed: number | undefined }) {
  const random = value === undefined || value === 'random';
  const [draft, setDraft] = useState(random ? '' : String(value));
  useEffect(() => setDraft(random ? '' : String(value)), [value, random]);
  const draftBad = !random && draft.trim() !== '' && !(Number.isInteger(Number(draft)) && Number(draft) >= 0 && Number(draft) <= MAX_SEED);

  return (
    <div className="seed-field nodrag">
      <div className="segmented" role="radiogroup" aria-label={`${spec.label} mode`}>
        <button type="button" role="radio" aria-checked={random} className={random ? 'active' : ''} onClick={() => onChange(undefined)} title="A new seed is drawn for each run and recorded with it">
          random
        </button>
        <button
          type="button"
          role="radio"
          aria-checked={!random}
          className={!random ? 'active' : ''}
          onClick={() => {
            if (random) onChange(lastSeed ?? randomSeed());
          }}
          title="The same seed every run: outputs come from the cache until something else changes"
        >
          fixed
        </button>
      </div>
      <input
        id={id}
        type="text"
        inputMode="numeric"
        className={`number-box${invalid || draftBad ? ' invalid' : ''}`}
        value={draft}
        placeholder={random ? (lastSeed !== undefined ? `last: ${lastSeed}` : 'drawn per run') : ''}
        aria-label="Seed value"
        onChange={(e) => {
          const text = e.target.value.trim();
          setDraft(text);
          if (text === '') return onChange(undefined, { merge: true });
          const n = Number(text);
          if (Number.isInteger(n)) onChange(n, { merge: true });
        }}
      />
      <button type="button" className="icon-button" title="Roll a new fixed seed" aria-label="Roll a new seed" onClick={() => onChange(randomSeed())}>
        <DiceIcon />
      </button>
      <button
        type="button"
        className="icon-button"
        title={lastSeed !== undefined ? `Reuse the last run’s seed (${lastSeed})` : 'No run of this node yet'}
        aria-label="Reuse the last seed"
        disabled={lastSeed === undefined || value === lastSeed}
        onClick={() => lastSeed !== undefined && onChange(lastSeed)}
      >
        <ReuseIcon />
      </button>
    </div>
  );
}

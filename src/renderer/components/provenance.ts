// Reading a call's exact input for the gallery: which images went in (as {"$blob": sha256}) and which
// settings, in an order people read.

export function inputImage(input: Record<string, unknown>, name = 'image'): string | undefined {
  const value = input[name];
  if (value && typeof value === 'object' && '$blob' in value && typeof (value as { $blob: unknown }).$blob === 'string') return (value as { $blob: string }).$blob;
  return undefined;
}

const FIRST = ['prompt', 'seed', 'num_inference_steps', 'guidance_scale', 'guidance', 'prompt_strength', 'aspect_ratio', 'width', 'height', 'lora_scale', 'replicate_weights', 'extra_lora', 'extra_lora_scale'];

export function settingsOf(input: Record<string, unknown>): [string, string][] {
  const rows = Object.entries(input).filter(([, v]) => !(v && typeof v === 'object' && '$blob' in v));
  rows.sort(([a], [b]) => {
    const ia = FIRST.indexOf(a);
    const ib = FIRST.indexOf(b);
    return (ia < 0 ? 99 : ia) - (ib < 0 ? 99 : ib) || a.localeCompare(b);
  });
  return rows.map(([k, v]) => [k, typeof v === 'string' ? v : JSON.stringify(v)]);
}

// The types of values that flow along edges. A connection is allowed when the output's type is one the
// input accepts; the reason for a refusal is worded for the user ("an image cannot go into a mask input").

export const PORT_TYPES = ['text', 'lora', 'image', 'mask', 'inversion', 'images'] as const;
export type PortType = (typeof PORT_TYPES)[number];

export interface PortSpec {
  name: string;
  type: PortType;
  label: string;
  description?: string;
  /** Inputs only: the node still compiles when nothing is connected here. */
  optional?: boolean;
  /** Inputs only: more than one edge may arrive (the output node's `images`). */
  multiple?: boolean;
  /** Inputs only: other types accepted besides `type` (the output node takes single images too). */
  accepts?: readonly PortType[];
}

const ARTICLE: Record<PortType, string> = {
  text: 'a prompt',
  lora: 'a LoRA',
  image: 'an image',
  mask: 'a mask',
  inversion: 'an inversion',
  images: 'a list of images',
};

export function describePortType(type: PortType): string {
  return ARTICLE[type];
}

export function portAccepts(input: PortSpec, outputType: PortType): boolean {
  return input.type === outputType || (input.accepts ?? []).includes(outputType);
}

/** Why `output` cannot feed `input`, or undefined when it can. */
export function connectionRefusal(outputType: PortType, input: PortSpec): string | undefined {
  if (portAccepts(input, outputType)) return undefined;
  return `${describePortType(outputType)} cannot go into ${input.label} (it takes ${describePortType(input.type)})`;
}

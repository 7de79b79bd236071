// One colour per port type, used by handles, edges and the legend. Chosen to stay apart on a dark
// background and for the common colour-vision deficiencies (hue and lightness both differ).
import type { PortType } from '../../engine';

export const PORT_COLORS: Record<PortType, string> = {
  text: '#e0b050',
  lora: '#b48cf0',
  image: '#5aa9e6',
  mask: '#d8d8d8',
  inversion: '#4cc7a4',
  images: '#7f8cf5',
};

export function portColor(type: PortType | undefined): string {
  return type ? PORT_COLORS[type] : '#888';
}

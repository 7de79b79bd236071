// The node catalog: every node type Weft knows. A new node type is one file here plus its line below.
import { makeCatalog, type Catalog, type NodeDefinition } from '../src/engine';
import { gridNode } from './grid';
import { imageNode } from './image';
import { inversionNode } from './inversion';
import { loraNode } from './lora';
import { maskNode } from './mask';
import { outputNode } from './output';
import { promptNode } from './prompt';
import { samplerNode } from './sampler';

export const NODE_DEFINITIONS: readonly NodeDefinition[] = [promptNode, loraNode, imageNode, maskNode, inversionNode, samplerNode, outputNode, gridNode];

export const catalog: Catalog = makeCatalog(NODE_DEFINITIONS);

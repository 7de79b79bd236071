// Any Replicate model as a node: its stored schema, the rules that turn it into ports and params, and the
// lookup compile uses to find every node's definition.
export * from './cog-schema';
export * from './model-entry';
export * from './input-fields';
export * from './output-ports';
export * from './model-definition';
export * from './node-definitions';
export * from './definition-summary';
export * from './add-model-node';

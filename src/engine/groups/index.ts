// Groups and reusable sub-graphs: the format's group nodes, their expansion for compile, the editor's
// group/ungroup edits and the packages the library stores.
export * from './group-node';
export * from './expand';
export * from './canvas-diagnostics';
export * from './group-ports';
export * from './group-selection';
export * from './ungroup';
export * from './group-package';
export { slugOf } from './ids';

export * from './common';
export * from './documents';
export * from './run';
export * from './library';
export * from './models';
export * from './group-library';
export * from './contract';
export * from './handler';

// The JSON syntax locator lives in the engine (it is pure, and the workflow loader needs it too).
export { lineAndColumn, locateJsonSyntaxError } from '../../engine/json-locate';
export type { JsonSyntaxProblem } from '../../engine/json-locate';

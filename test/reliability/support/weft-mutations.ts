// Damaged versions of a real .weft file, the way files get damaged: cut short, bytes flipped, the wrong
// encoding, values of the wrong type, numbers no model takes, edges into nowhere, cycles, duplicate ids,
// node types from a newer Weft, versions from the future, absurd nesting. Each mutation says what a
// user must get: an error that says where (`locator`), a file that loads (its problems then become
// diagnostics on the nodes they concern), or either.
import { Buffer } from 'node:buffer';

export type Expect = 'error' | 'loads' | 'either';

export interface Mutation {
  name: string;
  bytes: Buffer;
  expect: Expect;
  /** An error must match this (it says where the problem is). */
  locator?: RegExp;
  /** When the file loads, compile must report one of these diagnostic codes (at least one). */
  diagnostics?: string[];
}

type Doc = Record<string, any>;

/** A tiny seeded generator (mulberry32): the same cases on every run. */
export function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const JSON_LOCATED = /line \d+, column \d+|cut short|is empty/;
const odd = (doc: Doc) => Buffer.from(`${JSON.stringify(doc, null, 2)}\n`);

/** The values that do not belong where they are put. */
export const WRONG_VALUES: readonly [string, unknown][] = [
  ['a string', 'oops'],
  ['a number', 42],
  ['an array', [1, 2]],
  ['an object', { nested: true }],
  ['null', null],
  ['true', true],
];

/** What users and converters put in numeric fields. */
export const ODD_NUMBERS: readonly [string, unknown][] = [
  ['"NaN"', 'NaN'],
  ['"Infinity"', 'Infinity'],
  ['"-0"', '-0'],
  ['"1e999"', '1e999'],
  ['"0x10"', '0x10'],
  ['an empty string', ''],
  ['1e308', 1e308],
  ['-1e308', -1e308],
  ['2^64', 2 ** 64],
  ['-1', -1],
  ['0.5', 0.5],
  ['a 10 kB string', 'x'.repeat(10_000)],
];

export function mutationsOf(name: string, text: string, seed: number): Mutation[] {
  const doc = JSON.parse(text) as Doc;
  const random = seeded(seed);
  const out: Mutation[] = [];
  const add = (m: Mutation) => out.push({ ...m, name: `${name}: ${m.name}` });
  const edit = (change: (d: Doc) => void): Buffer => {
    const copy = structuredClone(doc);
    change(copy);
    return odd(copy);
  };
  const nodes = doc.nodes as Doc[];
  const edges = doc.edges as Doc[];
  const sampler = nodes.find((n) => n.type === 'sampler')!;

  // Cut short at seeded offsets (and at the very start and end).
  const offsets = new Set([0, 1, text.length - 2, ...Array.from({ length: 10 }, () => Math.floor(random() * text.length))]);
  for (const at of offsets) add({ name: `cut short at byte ${at}`, bytes: Buffer.from(text.slice(0, at)), expect: 'error', locator: JSON_LOCATED });

  // One byte flipped to something else (it may land inside a string and still be valid JSON).
  for (let i = 0; i < 8; i++) {
    const at = Math.floor(random() * text.length);
    const char = String.fromCharCode(33 + Math.floor(random() * 90));
    add({ name: `byte ${at} flipped to ${JSON.stringify(char)}`, bytes: Buffer.from(text.slice(0, at) + char + text.slice(at + 1)), expect: 'either', locator: /line \d+, column \d+|node |edge |asset |version|format|nodes|edges/ });
  }
  add({ name: 'garbage after the JSON', bytes: Buffer.from(`${text}}\u0000garbage`), expect: 'error', locator: /line \d+, column \d+/ });
  add({ name: 'a NUL byte in the middle', bytes: Buffer.from(text.slice(0, 40) + '\u0000' + text.slice(40)), expect: 'error', locator: /line \d+, column \d+/ });

  // Encodings.
  const utf8 = Buffer.from(text);
  add({ name: 'invalid UTF-8 bytes inside a string', bytes: Buffer.concat([utf8.subarray(0, utf8.indexOf('"name"') + 9), Buffer.from([0xff, 0xfe, 0xc3]), utf8.subarray(utf8.indexOf('"name"') + 9)]), expect: 'error', locator: /not UTF-8/ });
  add({ name: 'saved as Latin-1', bytes: Buffer.from(JSON.stringify({ ...doc, name: 'café crème' }), 'latin1'), expect: 'error', locator: /not UTF-8/ });
  add({ name: 'saved as UTF-16 with a BOM', bytes: Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]), expect: 'error', locator: /not UTF-8/ });
  add({ name: 'a UTF-8 byte order mark', bytes: Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), utf8]), expect: 'loads' });

  // Wrong types everywhere the format has a shape.
  const firstAsset = Object.keys(doc.assets ?? {})[0];
  const places: [string, (d: Doc, v: unknown) => void, RegExp][] = [
    ['format', (d, v) => (d.format = v), /format/],
    ['version', (d, v) => (d.version = v), /version/],
    ['name', (d, v) => (d.name = v), /name/],
    ['nodes', (d, v) => (d.nodes = v), /^nodes|^node #1/],
    ['edges', (d, v) => (d.edges = v), /^edges|^edge #1/],
    ['assets', (d, v) => (d.assets = v), /^assets|^asset /],
    ['a node', (d, v) => (d.nodes[1] = v), /node #2/],
    ['a node id', (d, v) => (d.nodes[1].id = v), /node #2: id/],
    ['a node type', (d, v) => (d.nodes[1].type = v), new RegExp(`node ${nodes[1]!.id}: type`)],
    ['a node position', (d, v) => (d.nodes[1].position = v), new RegExp(`node ${nodes[1]!.id}: position`)],
    ['a node x', (d, v) => (d.nodes[1].position.x = v), new RegExp(`node ${nodes[1]!.id}: position.x`)],
    ['a node params', (d, v) => (d.nodes[1].params = v), new RegExp(`node ${nodes[1]!.id}: params`)],
    ['an edge', (d, v) => (d.edges[0] = v), /edge #1/],
    ['an edge source', (d, v) => (d.edges[0].from = v), new RegExp(`edge ${edges[0]!.id}: from`)],
    ['an edge target port', (d, v) => (d.edges[0].to.port = v), new RegExp(`edge ${edges[0]!.id}: to.port`)],
    ...(firstAsset ? ([['an asset', (d: Doc, v: unknown) => (d.assets[firstAsset] = v), /asset /]] as [string, (d: Doc, v: unknown) => void, RegExp][]) : []),
    ['the editor state', (d, v) => (d.ui = v), /ui/],
  ];
  for (const [where, set, locator] of places) {
    for (const [what, value] of WRONG_VALUES) add({ name: `${where} is ${what}`, bytes: edit((d) => set(d, value)), expect: 'either', locator });
  }

  // Params: wrong types and odd numbers in every param of every node (they load; compile says which).
  for (const node of nodes) {
    for (const param of Object.keys(node.params ?? {})) {
      for (const [what, value] of [...WRONG_VALUES, ...ODD_NUMBERS]) {
        add({ name: `node ${node.id} param ${param} is ${what}`, bytes: edit((d) => (d.nodes.find((n: Doc) => n.id === node.id).params[param] = value)), expect: 'loads' });
      }
    }
  }
  for (const [what, value] of ODD_NUMBERS) add({ name: `sampler width is ${what}`, bytes: edit((d) => Object.assign(d.nodes.find((n: Doc) => n.id === sampler.id).params, { aspect_ratio: 'custom', width: value, height: 512 })), expect: 'loads' });
  add({ name: 'a position of 1e400 (Infinity)', bytes: Buffer.from(text.replace(/"x": -?[\d.]+/, '"x": 1e400')), expect: 'error', locator: /^node \S+: position\.x .*(Infinity|finite)/ });

  // The graph: dangling edges, cycles, duplicates, unknown types.
  add({ name: 'an edge from a node that does not exist', bytes: edit((d) => d.edges.push({ id: 'ghost', from: { node: 'nobody', port: 'image' }, to: { node: sampler.id, port: 'image' } })), expect: 'loads', diagnostics: ['edge-dangling'] });
  add({ name: 'an edge to a node that does not exist', bytes: edit((d) => d.edges.push({ id: 'ghost', from: { node: sampler.id, port: 'image' }, to: { node: 'nobody', port: 'image' } })), expect: 'loads', diagnostics: ['edge-dangling'] });
  add({ name: 'an edge to a port that does not exist', bytes: edit((d) => d.edges.push({ id: 'ghost', from: { node: nodes[0]!.id, port: 'nonsense' }, to: { node: sampler.id, port: 'image' } })), expect: 'loads', diagnostics: ['edge-port'] });
  add({ name: 'the sampler feeds itself', bytes: edit((d) => { d.edges = d.edges.filter((e: Doc) => !(e.to.node === sampler.id && e.to.port === 'image')); d.edges.push({ id: 'loop', from: { node: sampler.id, port: 'image' }, to: { node: sampler.id, port: 'image' } }); }), expect: 'loads', diagnostics: ['cycle'] });
  const last = [...nodes].reverse().find((n) => n.type === 'sampler' && n.id !== sampler.id);
  if (last) add({ name: 'a two-node cycle', bytes: edit((d) => d.edges.push({ id: 'back', from: { node: last.id, port: 'image' }, to: { node: sampler.id, port: 'image' } })), expect: 'loads', diagnostics: ['cycle', 'edge-duplicate'] });
  add({ name: 'two nodes with one id', bytes: edit((d) => d.nodes.push({ ...structuredClone(d.nodes[0]) })), expect: 'error', locator: new RegExp(`node ${nodes[0]!.id}: the id is used by more than one node`) });
  add({ name: 'two edges with one id', bytes: edit((d) => d.edges.push({ ...structuredClone(d.edges[0]) })), expect: 'error', locator: new RegExp(`edge ${edges[0]!.id}: the id is used by more than one edge`) });
  add({ name: 'an empty node id', bytes: edit((d) => (d.nodes[0].id = '')), expect: 'error', locator: /node #1: id/ });
  for (const node of nodes) add({ name: `node ${node.id} has an unknown type`, bytes: edit((d) => (d.nodes.find((n: Doc) => n.id === node.id).type = 'quantum-upscaler')), expect: 'loads', diagnostics: ['unknown-type'] });

  // Versions from the future and from nowhere.
  for (const version of [2, 999, 2 ** 53, 1.5, 0, -1]) {
    add({ name: `version ${version}`, bytes: edit((d) => (d.version = version)), expect: 'error', locator: /version/ });
  }

  // Absurd nesting, where unknown content may go (the editor state) and where params go.
  const deep = (levels: number) => JSON.parse(`${'{"a":'.repeat(levels)}1${'}'.repeat(levels)}`);
  add({ name: 'editor state nested 100,000 levels deep', bytes: Buffer.from(text.replace(/\n}\s*$/, `,\n"ui": ${'{"a":'.repeat(100_000)}1${'}'.repeat(100_000)}}\n`)), expect: 'error', locator: /ui.* nested more than \d+ levels deep/ });
  add({ name: 'a param nested 200 levels deep', bytes: edit((d) => (d.nodes[0].params.extra = deep(200))), expect: 'loads' });
  return out;
}

/** Files that are not workflows at all. */
export function notWorkflows(): Mutation[] {
  const error = (name: string, bytes: Buffer, locator: RegExp): Mutation => ({ name, bytes, expect: 'error', locator });
  return [
    error('an empty file', Buffer.alloc(0), /empty/),
    error('only whitespace', Buffer.from(' \n\t\n'), /empty/),
    error('null', Buffer.from('null'), /no JSON object/),
    error('an array', Buffer.from('[]'), /no JSON object/),
    error('a string', Buffer.from('"weft"'), /no JSON object/),
    error('a number', Buffer.from('42'), /no JSON object/),
    error('an empty object', Buffer.from('{}'), /no "format" field/),
    error('a ComfyUI workflow', Buffer.from(JSON.stringify({ last_node_id: 9, nodes: [{ id: 3, type: 'KSampler' }], links: [] })), /no "format" field/),
    error('a PNG image', Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex'), /not UTF-8|not valid JSON/),
    error('plain text', Buffer.from('hello, world'), /line 1, column 1/),
    error('an array 100,000 levels deep', Buffer.from(`${'['.repeat(100_000)}${']'.repeat(100_000)}`), /no JSON object/),
  ];
}

// The app.asar rules on made-up listings: each rule must catch what it is there for, and a clean listing
// must pass (the real archive is checked in package.test.ts).
import { describe, expect, it } from 'vitest';
import { problemsIn, type PackedFile } from '../../scripts/package-check/asar-rules';

const CLEAN: PackedFile[] = [
  { path: 'package.json', size: 300, unpacked: false },
  { path: 'out/main/index.js', size: 100, unpacked: false },
  { path: 'out/main/cli.js', size: 100, unpacked: false },
  { path: 'out/preload/index.cjs', size: 100, unpacked: false },
  { path: 'out/renderer/index.html', size: 100, unpacked: false },
  { path: 'out/renderer/assets/index-abc.js', size: 5000, unpacked: false },
  { path: 'resources/examples/inpainting.weft', size: 100, unpacked: false },
  { path: 'node_modules/zod/package.json', size: 10, unpacked: false },
  { path: 'node_modules/sharp/package.json', size: 10, unpacked: true },
  { path: 'node_modules/sharp/lib/index.js', size: 10, unpacked: true },
  { path: 'node_modules/@img/sharp-linux-x64/lib/sharp-linux-x64.node', size: 10, unpacked: true },
];

const EXPECT = { runtimeDependencies: ['zod', 'sharp'], devDependencies: ['react', '@xyflow/react', 'vitest'] };

function judge(files: PackedFile[], contents: Record<string, string> = {}, minified = false): string[] {
  const read = (path: string) => Buffer.from(contents[path] ?? (path.endsWith('.js') ? 'x'.repeat(5000) : '{}'));
  return problemsIn({ files, read }, { ...EXPECT, minifiedRenderer: minified });
}

const file = (path: string, unpacked = false): PackedFile => ({ path, size: 10, unpacked });

describe('app.asar rules', () => {
  it('pass a clean listing', () => {
    expect(judge(CLEAN)).toEqual([]);
  });

  it('require the built main, CLI, preload, renderer, examples and every run-time dependency', () => {
    const problems = judge(CLEAN.filter((f) => !['out/main/cli.js', 'out/preload/index.cjs', 'node_modules/zod/package.json', 'resources/examples/inpainting.weft'].includes(f.path)));
    expect(problems).toEqual(
      expect.arrayContaining([
        'missing out/main/cli.js',
        'missing out/preload/index.cjs',
        'missing the run-time dependency zod',
        'missing the example workflows (resources/examples/*.weft)',
      ]),
    );
  });

  it('refuse sources, tests, source maps and stray files', () => {
    const problems = judge([
      ...CLEAN,
      file('src/main/index.ts'),
      file('test/packaging/x.test.ts'),
      file('out/main/index.js.map'),
      file('out/main/runner.test.js'),
      file('node_modules/zod/tests/a.js'),
      file('README.md'),
    ]);
    expect(problems).toEqual([
      'unexpected file outside the built app: src/main/index.ts',
      'unexpected file outside the built app: test/packaging/x.test.ts',
      'test file: test/packaging/x.test.ts',
      'source map: out/main/index.js.map',
      'test file: out/main/runner.test.js',
      'test file: node_modules/zod/tests/a.js',
      'unexpected file outside the built app: README.md',
    ]);
  });

  it('refuse development dependencies, top-level or nested, once per package', () => {
    const problems = judge([
      ...CLEAN,
      file('node_modules/react/index.js'),
      file('node_modules/react/package.json'),
      file('node_modules/@xyflow/system/dist/index.js'), // the whole scope is refused
      file('node_modules/replicate/node_modules/vite/index.js'),
      file('node_modules/electron/index.js'),
      file('node_modules/reactive/index.js'), // a different package that only starts alike
    ]);
    expect(problems).toEqual([
      'development dependency packed: react (node_modules/react/index.js)',
      'development dependency packed: @xyflow (node_modules/@xyflow/system/dist/index.js)',
      'development dependency packed: vite (node_modules/replicate/node_modules/vite/index.js)',
      'development dependency packed: electron (node_modules/electron/index.js)',
    ]);
  });

  it('refuse secret files and token-looking text, naming the file but never the token', () => {
    const token = `r8_${'A1b2C3d4'.repeat(5)}`;
    const problems = judge([...CLEAN, file('.env'), file('out/.env.production'), file('out/main/key.pem'), file('out/main/leak.js')], {
      'out/main/leak.js': `const t = "${token}";`,
      'out/main/index.js': 'const redact = /r8_[A-Za-z0-9]+/g;', // a pattern is not a token
    });
    expect(problems).toEqual([
      'unexpected file outside the built app: .env',
      'secret-looking file: .env',
      'secret-looking file: out/.env.production',
      'secret-looking file: out/main/key.pem',
      'out/main/leak.js contains what looks like a Replicate token (r8_...)',
    ]);
    expect(problems.join('\n')).not.toContain(token);
  });

  it("require sharp's native packages outside the archive", () => {
    const packed = CLEAN.map((f) => (f.path.includes('@img/') ? { ...f, unpacked: false } : f));
    expect(judge(packed)).toEqual([
      'native package file not unpacked: node_modules/@img/sharp-linux-x64/lib/sharp-linux-x64.node',
      "sharp's native module (node_modules/@img/sharp-<platform>/**/*.node) is not packed unpacked",
    ]);
  });

  it('for a release, require a minified renderer', () => {
    const unminified = 'const a = 1;\n'.repeat(400);
    expect(judge(CLEAN, { 'out/renderer/assets/index-abc.js': unminified }, true)).toEqual([
      expect.stringContaining('the renderer is not minified (out/renderer/assets/index-abc.js'),
    ]);
    expect(judge(CLEAN, {}, true)).toEqual([]);
  });
});

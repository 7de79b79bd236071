// What app.asar may and must hold. Pure: it judges a listing (and reads file contents through a callback),
// so the rules are unit-tested on made-up listings and applied to the real archive by check-package.ts.

export interface PackedFile {
  /** Relative to the archive's root, with forward slashes: `out/main/index.js`. */
  path: string;
  size: number;
  /** Stored beside the archive in app.asar.unpacked (native code must be, to be loaded). */
  unpacked: boolean;
}

export interface PackedApp {
  files: readonly PackedFile[];
  read(path: string): Buffer;
}

export interface Expectations {
  /** package.json "dependencies": each must be packed. */
  runtimeDependencies: readonly string[];
  /** package.json "devDependencies": none may be packed. */
  devDependencies: readonly string[];
  /** Also require a minified renderer (release builds). */
  minifiedRenderer?: boolean;
}

export const REQUIRED_FILES = ['package.json', 'out/main/index.js', 'out/main/cli.js', 'out/preload/index.cjs', 'out/renderer/index.html'];

/** Never packed whatever package.json says: the UI libraries are bundled by Vite, the rest are tools. */
export const FORBIDDEN_PACKAGES = ['react', 'react-dom', '@xyflow', 'vite', 'vitest', 'typescript', 'electron', 'playwright-core', 'electron-builder', 'electron-vite'];

/** Outside node_modules only the built app, its manifest and the example workflows are allowed. */
const APP_FILE = /^(out\/.+|package\.json|resources\/examples\/[^/]+\.weft)$/;
const TEST_DIR = /(^|\/)(test|tests|__tests__|__mocks__|__fixtures__)\//;
const TEST_FILE = /\.(test|spec)\.[cm]?[jt]sx?$/;
const SECRET_FILE = /(^|\/)(\.env(\..*)?|\.npmrc|id_rsa[^/]*|[^/]+\.(pem|p12|pfx|key))$/;
/** Token shapes: Replicate's r8_, GitHub's personal and app tokens, PEM private keys. */
const SECRET_TEXT: ReadonlyArray<[name: string, pattern: RegExp]> = [
  ['a Replicate token (r8_...)', /\br8_[A-Za-z0-9]{20,}/],
  ['a GitHub token', /\b(gh[pousr]_[A-Za-z0-9]{30,}|github_pat_[A-Za-z0-9_]{30,})/],
  ['a private key', /-----BEGIN [A-Z ]*PRIVATE KEY-----/],
];
const BINARY = /\.(node|so(\.\d+)*|dylib|dll|exe|png|jpe?g|webp|gif|ico|icns|wasm|woff2?|ttf)$/;
const NATIVE_ROOT = /^node_modules\/(sharp|@img\/[^/]+)\//;

function packageRoot(name: string): RegExp {
  const escaped = name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  // A scope alone (@xyflow) forbids every package in it.
  const scopeOnly = name.startsWith('@') && !name.includes('/');
  return new RegExp(`(^|/)node_modules/${escaped}${scopeOnly ? '/[^/]+' : ''}/`);
}

export function problemsIn(app: PackedApp, expect: Expectations): string[] {
  const problems: string[] = [];
  const paths = new Set(app.files.map((file) => file.path));

  for (const required of REQUIRED_FILES) {
    if (!paths.has(required)) problems.push(`missing ${required}`);
  }
  if (!app.files.some((file) => /^resources\/examples\/[^/]+\.weft$/.test(file.path))) problems.push('missing the example workflows (resources/examples/*.weft)');
  for (const name of expect.runtimeDependencies) {
    if (!paths.has(`node_modules/${name}/package.json`)) problems.push(`missing the run-time dependency ${name}`);
  }

  const forbidden = [...new Set([...FORBIDDEN_PACKAGES, ...expect.devDependencies])].filter((name) => !expect.runtimeDependencies.includes(name));
  const forbiddenRoots = forbidden.map((name) => [name, packageRoot(name)] as const);
  const reportedPackages = new Set<string>();
  for (const file of app.files) {
    const { path } = file;
    if (!path.startsWith('node_modules/') && !APP_FILE.test(path)) problems.push(`unexpected file outside the built app: ${path}`);
    if (TEST_DIR.test(path) || TEST_FILE.test(path)) problems.push(`test file: ${path}`);
    if (path.endsWith('.map')) problems.push(`source map: ${path}`);
    if (SECRET_FILE.test(path)) problems.push(`secret-looking file: ${path}`);
    for (const [name, root] of forbiddenRoots) {
      if (root.test(path) && !reportedPackages.has(name)) {
        reportedPackages.add(name);
        problems.push(`development dependency packed: ${name} (${path})`);
      }
    }
    if (NATIVE_ROOT.test(path) && !file.unpacked) problems.push(`native package file not unpacked: ${path}`);
    if (!BINARY.test(path) && file.size < 16 * 1024 * 1024) {
      const text = app.read(path).toString('latin1');
      for (const [what, pattern] of SECRET_TEXT) {
        // The path only: the match itself must never reach a CI log.
        if (pattern.test(text)) problems.push(`${path} contains what looks like ${what}`);
      }
    }
  }
  if (!app.files.some((file) => /^node_modules\/@img\/sharp-[^/]+\/.*\.node$/.test(file.path) && file.unpacked)) {
    problems.push("sharp's native module (node_modules/@img/sharp-<platform>/**/*.node) is not packed unpacked");
  }
  if (expect.minifiedRenderer) problems.push(...minificationProblems(app));
  return problems;
}

/** A minified bundle is a few very long lines; Vite's unminified output averages well under 100 chars. */
function minificationProblems(app: PackedApp): string[] {
  const scripts = app.files.filter((file) => /^out\/renderer\/.+\.js$/.test(file.path));
  if (scripts.length === 0) return ['no renderer script under out/renderer'];
  const largest = scripts.reduce((a, b) => (b.size > a.size ? b : a));
  const lines = app.read(largest.path).toString('utf8').split('\n').length;
  return largest.size / lines < 1000 ? [`the renderer is not minified (${largest.path}: ${lines} lines for ${largest.size} bytes); build with WEFT_RELEASE=1`] : [];
}

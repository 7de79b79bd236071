// Renders every platform's icon from the one source, resources/icon.svg, into resources/icons/:
//
//   icon.png              1024 px, Apple grid (the window icon in development, and the source of truth to eyeball)
//   icon.icns             macOS app icon (Apple grid: the plate leaves the margin the Dock expects)
//   icon.ico              Windows app icon, 16 to 256 px, cropped tight (Windows draws no margin of its own)
//   png/<N>x<N>.png       Linux hicolor sizes, cropped tight (electron-builder installs them by name)
//   weft-file.icns/.ico   the .weft document icon (a page carrying the mark), for macOS and Windows
//
// The outputs are committed: release CI on three OSes then packs the exact pixels reviewed here, and a
// fresh checkout has its window icon without a build step. Run `npm run icons` after editing the SVG.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { encodeIcns, encodeIco, ICNS_SIZES, type IconImage } from './icon-formats';

const root = join(__dirname, '..');
const source = readFileSync(join(root, 'resources', 'icon.svg'), 'utf8');
const outDir = join(root, 'resources', 'icons');

const ICO_SIZES = [16, 20, 24, 32, 40, 48, 64, 128, 256];
const LINUX_SIZES = [16, 24, 32, 48, 64, 128, 256, 512, 1024];

/** The source with its viewBox narrowed around the plate (100..924), keeping a hair of margin. */
function tight(svg: string): string {
  return svg.replace('viewBox="0 0 1024 1024"', 'viewBox="84 84 856 856"');
}

/** The source's drawing, without its root element, to nest inside another picture. */
function inner(svg: string): string {
  const open = svg.indexOf('>', svg.indexOf('<svg')) + 1;
  return svg.slice(open, svg.lastIndexOf('</svg>'));
}

/** A page with a folded corner and the mark on it: how a .weft file looks in Finder and Explorer. */
function documentIcon(svg: string): string {
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 1024 1024" width="1024" height="1024">
  <path d="M232 64H632L856 288V904Q856 960 800 960H232Q176 960 176 904V120Q176 64 232 64Z" fill="#f4f5fb" stroke="#c9cce0" stroke-width="16"/>
  <path d="M632 64V232Q632 288 688 288H856" fill="#dfe2f0" stroke="#c9cce0" stroke-width="16" stroke-linejoin="round"/>
  <svg x="256" y="340" width="512" height="512" viewBox="100 100 824 824">${inner(svg)}</svg>
</svg>`;
}

async function render(svg: string, size: number, withPixels = false): Promise<IconImage> {
  // density scales the SVG's 1024 px canvas so that librsvg rasterises at (at least) the target size
  // instead of upscaling a 72 dpi bitmap.
  const density = Math.max(72, Math.ceil((72 * size) / 856));
  const image = sharp(Buffer.from(svg), { density }).resize(size, size, { fit: 'fill' });
  const png = await image.clone().png({ compressionLevel: 9 }).toBuffer();
  const rgba = withPixels ? await image.clone().ensureAlpha().raw().toBuffer() : undefined;
  return rgba ? { size, png, rgba } : { size, png };
}

async function renderAll(svg: string, sizes: readonly number[], withPixels = false): Promise<IconImage[]> {
  return Promise.all(sizes.map((size) => render(svg, size, withPixels)));
}

async function main(): Promise<void> {
  mkdirSync(join(outDir, 'png'), { recursive: true });
  const doc = documentIcon(source);

  writeFileSync(join(outDir, 'icon.png'), (await render(source, 1024)).png);
  writeFileSync(join(outDir, 'icon.icns'), encodeIcns(await renderAll(source, ICNS_SIZES)));
  writeFileSync(join(outDir, 'icon.ico'), encodeIco(await renderAll(tight(source), ICO_SIZES, true)));
  for (const image of await renderAll(tight(source), LINUX_SIZES)) {
    writeFileSync(join(outDir, 'png', `${image.size}x${image.size}.png`), image.png);
  }
  writeFileSync(join(outDir, 'weft-file.icns'), encodeIcns(await renderAll(doc, ICNS_SIZES)));
  writeFileSync(join(outDir, 'weft-file.ico'), encodeIco(await renderAll(doc, ICO_SIZES, true)));
  process.stdout.write(`icons written to ${outDir}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`make-icons: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});

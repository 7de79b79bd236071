// The Content-Security-Policy sent as a header with every response of the app:// protocol (checklist
// item 7). A header, not a <meta> tag: it applies before any byte of the page is parsed and the renderer
// cannot remove it.
//
// - script-src 'self': only our bundled scripts; no inline script, no eval.
// - style-src 'unsafe-inline': React Flow positions nodes, edges and the viewport with inline `style`
//   attributes; without it the canvas cannot render. Styles cannot run script, so this is the usual trade.
// - img-src data: blob:: embedded workflow assets arrive as data: URLs, the mask painter draws into blobs.
// - connect-src 'self': fetch() only to app://weft (image bytes for the mask painter); the network is
//   reached from the main process only.
const DIRECTIVES: ReadonlyArray<readonly [string, string]> = [
  ['default-src', "'none'"],
  ['script-src', "'self'"],
  ['style-src', "'self' 'unsafe-inline'"],
  ['img-src', "'self' data: blob:"],
  ['font-src', "'self'"],
  ['connect-src', "'self'"],
  ['object-src', "'none'"],
  ['base-uri', "'none'"],
  ['form-action', "'none'"],
  ['frame-ancestors', "'none'"],
];

export const CONTENT_SECURITY_POLICY = DIRECTIVES.map(([name, value]) => `${name} ${value}`).join('; ');

// A Node.js script using the official `replicate` client. Images are uploaded explicitly through the
// files API (never the client's data-URI strategy, which is broken in 1.4.0) and outputs downloaded at
// once, since Replicate deletes them after an hour.
import { scriptSteps, type ExportOptions, type StepInput } from './steps';
import type { Plan } from '../compile/plan';

export function nodeScript(plan: Plan, options: ExportOptions): string {
  const steps = scriptSteps(plan, options);
  const value = (input: StepInput): string => {
    if (input.kind === 'value') return JSON.stringify(input.value);
    if (input.kind === 'file') return `await upload(${JSON.stringify(input.path)}, ${JSON.stringify(input.mediaType)})`;
    return `${input.step}[${input.index}]`;
  };
  const body = steps
    .map((step) =>
      [
        `  // node ${step.node}`,
        `  const ${step.name} = await predict(${JSON.stringify(`${step.model}:${step.version}`)}, {`,
        ...step.input.map(([key, input]) => `    ${JSON.stringify(key)}: ${value(input)},`),
        '  });',
        `  await save(${step.name}, ${JSON.stringify(step.node)});`,
      ].join('\n'),
    )
    .join('\n\n');
  return `#!/usr/bin/env node
// Exported by Weft${options.title ? ` from "${options.title}"` : ''}: the same calls, in order.
// Needs Node 20+, \`npm install replicate@1.4.0\` and REPLICATE_API_TOKEN in the environment.
// Images go to ./outputs. REPLICATE_BASE_URL may point the script at another API root.
const fs = require('node:fs');
const path = require('node:path');
const Replicate = require('replicate');

const replicate = new Replicate({ baseUrl: process.env.REPLICATE_BASE_URL || undefined, useFileOutput: false, fileEncodingStrategy: 'upload' });
const FINAL = ['succeeded', 'failed', 'canceled', 'aborted'];

async function upload(file, type) {
  const bytes = fs.readFileSync(path.join(__dirname, file));
  const uploaded = await replicate.files.create(new Blob([bytes], { type }));
  return uploaded.urls.get;
}

async function predict(ref, input) {
  const version = ref.split(':')[1];
  let prediction = await replicate.predictions.create({ version, input, wait: 60 });
  while (!FINAL.includes(prediction.status)) {
    await new Promise((resolve) => setTimeout(resolve, 1000));
    prediction = await replicate.predictions.get(prediction.id);
  }
  if (prediction.status !== 'succeeded') throw new Error(\`\${ref}: prediction \${prediction.id} \${prediction.status}: \${prediction.error ?? ''}\`);
  return prediction.output;
}

async function save(urls, name) {
  fs.mkdirSync(path.join(__dirname, 'outputs'), { recursive: true });
  for (const [index, url] of urls.entries()) {
    const response = await fetch(url);
    if (!response.ok) throw new Error(\`download of \${url} failed: HTTP \${response.status}\`);
    const file = path.join(__dirname, 'outputs', \`\${name}-\${index}\${path.extname(new URL(url).pathname)}\`);
    fs.writeFileSync(file, Buffer.from(await response.arrayBuffer()));
    console.log(file);
  }
}

async function main() {
${body}
}

main().catch((error) => {
  console.error(error.message);
  process.exit(1);
});
`;
}

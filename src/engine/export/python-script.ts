// A Python script using the official `replicate` package (1.x): uploads through the files API, waits for
// each prediction, downloads every output at once.
import { scriptSteps, type ExportOptions, type StepInput } from './steps';
import type { Plan } from '../compile/plan';

function pythonLiteral(value: unknown): string {
  if (value === true) return 'True';
  if (value === false) return 'False';
  if (value === null) return 'None';
  if (typeof value === 'string' || typeof value === 'number') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(pythonLiteral).join(', ')}]`;
  return `{${Object.entries(value as Record<string, unknown>)
    .map(([k, v]) => `${JSON.stringify(k)}: ${pythonLiteral(v)}`)
    .join(', ')}}`;
}

export function pythonScript(plan: Plan, options: ExportOptions): string {
  const steps = scriptSteps(plan, options);
  const value = (input: StepInput): string => {
    if (input.kind === 'value') return pythonLiteral(input.value);
    if (input.kind === 'file') return `upload(${JSON.stringify(input.path)})`;
    return `${input.step}[${input.index}]`;
  };
  const body = steps
    .map((step) =>
      [
        `# node ${step.node}`,
        `${step.name} = predict(${JSON.stringify(step.version)}, {`,
        ...step.input.map(([key, input]) => `    ${JSON.stringify(key)}: ${value(input)},`),
        '})',
        `save(${step.name}, ${JSON.stringify(step.node)})`,
      ].join('\n'),
    )
    .join('\n\n');
  return `#!/usr/bin/env python3
# Exported by Weft${options.title ? ` from "${options.title}"` : ''}: the same calls, in order.
# Needs \`pip install "replicate>=1,<2"\` and REPLICATE_API_TOKEN in the environment. Images go to ./outputs.
import pathlib
import time
import urllib.request

import replicate

HERE = pathlib.Path(__file__).resolve().parent
FINAL = {"succeeded", "failed", "canceled", "aborted"}


def upload(file):
    with open(HERE / file, "rb") as handle:
        return replicate.files.create(handle).urls["get"]


def predict(version, input):
    prediction = replicate.predictions.create(version=version, input=input)
    while prediction.status not in FINAL:
        time.sleep(1)
        prediction.reload()
    if prediction.status != "succeeded":
        raise SystemExit(f"{version}: prediction {prediction.id} {prediction.status}: {prediction.error}")
    return [str(url) for url in prediction.output]


def save(urls, name):
    (HERE / "outputs").mkdir(exist_ok=True)
    for index, url in enumerate(urls):
        target = HERE / "outputs" / f"{name}-{index}{pathlib.PurePosixPath(url).suffix}"
        with urllib.request.urlopen(url) as response:
            target.write_bytes(response.read())
        print(target)


${body}
`;
}

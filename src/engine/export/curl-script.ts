// A bash script with curl and jq: the HTTP API itself, one request at a time, for users who want to see
// exactly what goes over the wire.
import { scriptSteps, type ExportOptions, type StepInput } from './steps';
import type { Plan } from '../compile/plan';

/** Single-quotes a string for bash. */
function shellQuote(text: string): string {
  return `'${text.replace(/'/g, `'\\''`)}'`;
}

export function curlScript(plan: Plan, options: ExportOptions): string {
  const steps = scriptSteps(plan, options);
  const body = steps
    .map((step) => {
      const args: string[] = [];
      const fields: string[] = [];
      for (const [key, input] of step.input) {
        if (input.kind === 'value') fields.push(`${JSON.stringify(key)}: ${JSON.stringify(input.value)}`);
        else {
          const variable = `${step.name}_${key}`;
          const source = input.kind === 'file' ? `"$(upload ${shellQuote(input.path)} ${shellQuote(input.mediaType)})"` : `"$(jq -r '.[${input.index}]' <<<"$${input.step}")"`;
          args.push(`${variable}=${source}`);
          fields.push(`${JSON.stringify(key)}: $${variable}`);
        }
      }
      const jqArgs = step.input
        .filter(([, input]) => input.kind !== 'value')
        .map(([key]) => `--arg ${step.name}_${key} "$${step.name}_${key}"`)
        .join(' ');
      return [
        `# node ${step.node}`,
        ...args,
        `${step.name}_input=$(jq -n ${jqArgs} ${shellQuote(`{${fields.join(', ')}}`)})`,
        `${step.name}=$(predict ${step.version} "$${step.name}_input")`,
        `save "$${step.name}" ${shellQuote(step.node)}`,
      ].join('\n');
    })
    .join('\n\n');
  return `#!/usr/bin/env bash
# Exported by Weft${options.title ? ` from "${options.title}"` : ''}: the same calls, in order.
# Needs curl, jq and REPLICATE_API_TOKEN in the environment. Images go to ./outputs.
set -euo pipefail
cd "$(dirname "$0")"
API="\${REPLICATE_BASE_URL:-https://api.replicate.com/v1}"
: "\${REPLICATE_API_TOKEN:?set REPLICATE_API_TOKEN to your Replicate API token}"
AUTH="Authorization: Bearer $REPLICATE_API_TOKEN"

# Uploads a file through the files API and prints its URL.
upload() {
  curl -sSf -H "$AUTH" -F "content=@$1;type=$2" "$API/files" | jq -r '.urls.get'
}

# Creates a prediction (waiting up to 60 s), polls until it ends, and prints its output URLs as JSON.
predict() {
  local body prediction status
  body=$(jq -n --arg version "$1" --argjson input "$2" '{version: $version, input: $input}')
  prediction=$(curl -sSf -H "$AUTH" -H 'Content-Type: application/json' -H 'Prefer: wait=60' -d "$body" "$API/predictions")
  status=$(jq -r '.status' <<<"$prediction")
  while [[ "$status" != succeeded && "$status" != failed && "$status" != canceled && "$status" != aborted ]]; do
    sleep 1
    prediction=$(curl -sSf -H "$AUTH" "$API/predictions/$(jq -r '.id' <<<"$prediction")")
    status=$(jq -r '.status' <<<"$prediction")
  done
  if [[ "$status" != succeeded ]]; then
    echo "prediction $(jq -r '.id' <<<"$prediction") $status: $(jq -r '.error' <<<"$prediction")" >&2
    exit 1
  fi
  jq -c '.output' <<<"$prediction"
}

# Downloads every output URL into ./outputs at once (Replicate deletes them after an hour).
save() {
  mkdir -p outputs
  local index=0 url
  for url in $(jq -r '.[]' <<<"$1"); do
    curl -sSf -o "outputs/$2-$index.\${url##*.}" "$url"
    echo "outputs/$2-$index.\${url##*.}"
    index=$((index + 1))
  done
}

${body}
`;
}

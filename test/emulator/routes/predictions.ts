/**
 * Prediction routes: create (by version, by deployment; by model name is refused for community models),
 * get, list, cancel. Create honours `Prefer: wait[=N]` and `Cancel-After`.
 */
import {
  badRequest,
  inputValidationFailed,
  invalidVersion,
  notFound,
} from '../api-errors';
import type { ModelVersion } from '../catalog';
import type { EmulatorContext } from '../context';
import { BadJsonError, header, json, readJson, type ApiRequest, type ApiResponse, type Route } from '../http';
import type { RouteName } from '../log';
import {
  createByNameBody,
  createPredictionBody,
  parseBody,
  parseCancelAfter,
  parsePreferWait,
  type CreateByNameBody,
} from '../request-body';
import { validateInput } from '../validate';

const NAME = '([^/]+)';
const ID = '([a-z0-9]+)';

function parseJsonOr400(request: ApiRequest): { ok: true; value: unknown } | { ok: false; response: ApiResponse } {
  try {
    return { ok: true, value: readJson(request) };
  } catch (error) {
    if (!(error instanceof BadJsonError)) throw error;
    return { ok: false, response: json(400, badRequest('Invalid JSON', `The request body is not valid JSON: ${error.message}`)) };
  }
}

/** Validates the input, creates the prediction and answers, waiting first if `Prefer: wait` asks to. */
async function createAndAnswer(
  context: EmulatorContext,
  request: ApiRequest,
  version: ModelVersion,
  body: CreateByNameBody,
  rawBody: unknown,
  deployment?: string,
): Promise<ApiResponse> {
  // Validate the input exactly as sent: zod's copy cannot hold an own "__proto__" key.
  const input = (rawBody as { input: Record<string, unknown> }).input;
  const problems = validateInput(version.openapi_schema, input);
  if (problems.length > 0) return json(422, inputValidationFailed(problems));
  const wait = parsePreferWait(header(request, 'prefer'));
  if (!wait.ok) return json(400, badRequest('Invalid Prefer header', wait.detail));
  const cancelAfter = parseCancelAfter(header(request, 'cancel-after'));
  if (!cancelAfter.ok) return json(400, badRequest('Invalid Cancel-After header', cancelAfter.detail));

  const record = context.engine.create({
    version,
    input,
    ...(deployment === undefined ? {} : { deployment }),
    ...(body.webhook === undefined ? {} : { webhook: body.webhook }),
    ...(body.webhook_events_filter === undefined ? {} : { webhookEventsFilter: body.webhook_events_filter }),
    ...(cancelAfter.value === undefined ? {} : { cancelAfterMs: cancelAfter.value }),
  });
  const log = { predictionId: record.id, version: version.id, input };
  const created = context.engine.json(record);
  if (wait.value === undefined) return { status: 201, body: created, log };

  const answer = await context.engine.waitForAnswer(record, wait.value);
  if (answer) return { status: 201, body: answer, log };
  // Timed out: the prediction as it was created, and where to poll for it.
  return { status: 201, body: created, headers: { Location: created.urls.get }, log };
}

export function predictionRoutes(context: EmulatorContext): Route[] {
  const route = (
    method: string,
    pattern: string,
    name: RouteName,
    handle: Route['handle'],
    isCreate = false,
  ): Route => ({ method, pattern: new RegExp(`^/v1${pattern}/?$`), name, auth: true, isCreate, handle });

  return [
    route(
      'POST',
      '/predictions',
      'predictions.create',
      async (request) => {
        const raw = parseJsonOr400(request);
        if (!raw.ok) return raw.response;
        const parsed = parseBody(createPredictionBody, raw.value);
        if (!parsed.ok) return json(422, inputValidationFailed(parsed.invalidFields));
        const version = context.catalog.resolveVersionField(parsed.body.version);
        if (!version) return json(422, invalidVersion());
        return createAndAnswer(context, request, version, parsed.body, raw.value);
      },
      true,
    ),
    route(
      'POST',
      `/deployments/${NAME}/${NAME}/predictions`,
      'deployments.predictions.create',
      async (request, [owner, name]) => {
        const version = context.catalog.deploymentVersion(owner as string, name as string);
        if (!version) return json(404, notFound(`Deployment ${owner}/${name} not found.`));
        const raw = parseJsonOr400(request);
        if (!raw.ok) return raw.response;
        const parsed = parseBody(createByNameBody, raw.value);
        if (!parsed.ok) return json(422, inputValidationFailed(parsed.invalidFields));
        return createAndAnswer(context, request, version, parsed.body, raw.value, `${owner}/${name}`);
      },
      true,
    ),
    // Only official models run by name. For a community model (all the emulator hosts) Replicate
    // answers this generic 404 (replicate/replicate-javascript#347); call it by version instead.
    route('POST', `/models/${NAME}/${NAME}/predictions`, 'models.predictions.create', () => json(404, notFound()), true),
    route('GET', '/predictions', 'predictions.list', () =>
      json(200, { previous: null, next: null, results: context.engine.list().map((r) => context.engine.json(r)) }),
    ),
    route('GET', `/predictions/${ID}`, 'predictions.get', (_request, [id]) => {
      const record = context.engine.get(id as string);
      return record ? { status: 200, body: context.engine.json(record), log: { predictionId: record.id } } : json(404, notFound());
    }),
    route('POST', `/predictions/${ID}/cancel`, 'predictions.cancel', (_request, [id]) => {
      const record = context.engine.get(id as string);
      if (!record) return json(404, notFound());
      context.engine.cancel(record);
      return { status: 200, body: context.engine.json(record), log: { predictionId: record.id } };
    }),
  ];
}

/**
 * The admin API under /__emulator, for tests driving the emulator from another process (browser tests):
 * faults, the emulated clock, timing, the request log. No token needed; never logged; never faulted.
 *
 *   GET    /__emulator                       state: base URL, tokens, clock, timing, models, deployments
 *   GET    /__emulator/faults                active faults
 *   POST   /__emulator/faults                add one: a FaultSpec as JSON, e.g. {"kind":"rate-limit","times":3}
 *   DELETE /__emulator/faults[/{id}]         remove all, or one
 *   POST   /__emulator/clock/advance         {"ms": 3600000}
 *   PUT    /__emulator/timing                {"queueDelayMs": 0, "predictMs": 50}
 *   GET    /__emulator/log                   the request log; DELETE to clear it
 *   PUT    /__emulator/tokens                {"tokens": ["r8_..."]}: the tokens accepted from now on ([] revokes all)
 *   GET    /__emulator/predictions           every prediction, as the API shows it
 *   POST   /__emulator/predictions/{id}/remove-data   delete its data now, as the one-hour expiry does
 */
import { z } from 'zod';
import type { EmulatorContext } from '../context';
import { faultSpecSchema, type Faults } from '../faults';
import { json, readJson, type ApiRequest, type ApiResponse } from '../http';
import type { RequestLog } from '../log';
import type { Timing } from '../prediction';

export interface AdminDeps {
  readonly context: EmulatorContext;
  readonly faults: Faults;
  readonly log: RequestLog;
  readonly tokens: readonly string[];
  acceptedTokens(): string[];
  setTokens(tokens: readonly string[]): void;
  timing(): Timing;
  setTiming(timing: Partial<Timing>): void;
}

const tokensBody = z.object({ tokens: z.array(z.string().min(1)) }).strict();
const advanceBody = z.object({ ms: z.number().nonnegative() }).strict();
const timingBody = z
  .object({ queueDelayMs: z.number().nonnegative().optional(), predictMs: z.number().nonnegative().optional() })
  .strict();

function invalid(error: unknown): ApiResponse {
  const detail = error instanceof z.ZodError ? z.prettifyError(error) : String(error);
  return json(400, { title: 'Invalid admin request', detail, status: 400 });
}

function state(deps: AdminDeps) {
  const { context } = deps;
  return {
    baseUrl: context.baseUrl(),
    origin: context.origin(),
    token: deps.tokens[0],
    tokens: deps.tokens,
    accepted: deps.acceptedTokens(),
    now: new Date(context.clock.now()).toISOString(),
    clockFrozen: context.clock.isFrozen(),
    timing: deps.timing(),
    versions: context.catalog.versions.map((v) => ({ ref: `${v.owner}/${v.name}`, version: v.id, behaviour: v.behaviour })),
    deployments: Object.fromEntries(context.catalog.deployments),
  };
}

export function handleAdmin(deps: AdminDeps, request: ApiRequest): ApiResponse {
  const path = request.path.replace(/\/$/, '');
  const { method } = request;
  try {
    if (method === 'GET' && path === '/__emulator') return json(200, state(deps));
    if (path === '/__emulator/faults') {
      if (method === 'GET') return json(200, deps.faults.list());
      if (method === 'POST') {
        const handle = deps.faults.add(faultSpecSchema.parse(readJson(request)));
        return json(201, deps.faults.list().find((f) => f.id === handle.id));
      }
      if (method === 'DELETE') {
        deps.faults.clear();
        return { status: 204 };
      }
    }
    const faultId = /^\/__emulator\/faults\/([^/]+)$/.exec(path)?.[1];
    if (faultId && method === 'DELETE') return deps.faults.remove(faultId) ? { status: 204 } : json(404, { detail: 'No such fault.' });
    if (method === 'POST' && path === '/__emulator/clock/advance') {
      deps.context.clock.advance(advanceBody.parse(readJson(request)).ms);
      return json(200, { now: new Date(deps.context.clock.now()).toISOString() });
    }
    if (method === 'PUT' && path === '/__emulator/timing') {
      deps.setTiming(timingBody.parse(readJson(request)));
      return json(200, deps.timing());
    }
    if (method === 'PUT' && path === '/__emulator/tokens') {
      deps.setTokens(tokensBody.parse(readJson(request)).tokens);
      return json(200, { accepted: deps.acceptedTokens() });
    }
    if (path === '/__emulator/log') {
      if (method === 'GET') return json(200, deps.log.entries());
      if (method === 'DELETE') {
        deps.log.reset();
        return { status: 204 };
      }
    }
    if (method === 'GET' && path === '/__emulator/predictions') {
      return json(200, deps.context.engine.list().map((r) => deps.context.engine.json(r)));
    }
    const removeId = /^\/__emulator\/predictions\/([a-z0-9]+)\/remove-data$/.exec(path)?.[1];
    if (removeId && method === 'POST') {
      const record = deps.context.engine.get(removeId);
      if (!record) return json(404, { detail: 'No such prediction.' });
      deps.context.engine.removeData(record);
      return json(200, deps.context.engine.json(record));
    }
  } catch (error) {
    return invalid(error);
  }
  return json(404, { detail: `No admin route ${method} ${path}.` });
}

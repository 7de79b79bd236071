/**
 * `npm run emulator [-- options]`: the Replicate emulator as a standalone server, for manual use and for
 * browser tests running in another process (drive it through its admin API at /__emulator).
 *
 *   --port N            listen on N (default 0: a free port)
 *   --host H            default 127.0.0.1
 *   --token T           accept T (repeatable; default r8_test_token)
 *   --queue-delay-ms N  emulated queue time of each prediction (default 50)
 *   --predict-ms N      emulated run time of each prediction (default 200)
 *   --seed N            seed the emulator's random source
 *   --rate-limits       enforce Replicate's 600 creates/min and 3000 requests/min
 *   --frozen-clock      time moves only through POST /__emulator/clock/advance
 *
 * Prints the base URL and token, then one machine-readable line:
 *   EMULATOR_READY {"baseUrl":"http://127.0.0.1:PORT/v1","token":"...","origin":"...","admin":"..."}
 */
import { parseArgs } from 'node:util';
import { startEmulator, type EmulatorOptions } from './index';

function numberOption(name: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const parsed = Number(value);
  if (!Number.isFinite(parsed) || parsed < 0) throw new Error(`--${name} needs a non-negative number, got "${value}"`);
  return parsed;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      port: { type: 'string' },
      host: { type: 'string' },
      token: { type: 'string', multiple: true },
      'queue-delay-ms': { type: 'string' },
      'predict-ms': { type: 'string' },
      seed: { type: 'string' },
      'rate-limits': { type: 'boolean' },
      'frozen-clock': { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
    strict: true,
  });
  if (values.help) {
    console.log('usage: npm run emulator -- [--port N] [--host H] [--token T]... [--queue-delay-ms N] [--predict-ms N] [--seed N] [--rate-limits] [--frozen-clock]');
    return;
  }
  const timing: NonNullable<EmulatorOptions['timing']> = {};
  const queueDelayMs = numberOption('queue-delay-ms', values['queue-delay-ms']);
  const predictMs = numberOption('predict-ms', values['predict-ms']);
  if (queueDelayMs !== undefined) timing.queueDelayMs = queueDelayMs;
  if (predictMs !== undefined) timing.predictMs = predictMs;
  const seed = numberOption('seed', values.seed);

  const emulator = await startEmulator({
    port: numberOption('port', values.port) ?? 0,
    ...(values.host === undefined ? {} : { host: values.host }),
    ...(values.token === undefined ? {} : { tokens: values.token }),
    timing,
    ...(seed === undefined ? {} : { randomSeed: seed }),
    rateLimits: values['rate-limits'] === true,
    clock: { frozen: values['frozen-clock'] === true },
  });

  console.log(`Replicate emulator listening`);
  console.log(`  base URL: ${emulator.baseUrl}`);
  console.log(`  token:    ${emulator.token}`);
  console.log(`  admin:    ${emulator.origin}/__emulator`);
  console.log(
    `EMULATOR_READY ${JSON.stringify({ baseUrl: emulator.baseUrl, token: emulator.token, origin: emulator.origin, admin: `${emulator.origin}/__emulator` })}`,
  );

  const shutdown = () => {
    void emulator.close().then(() => process.exit(0));
  };
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});

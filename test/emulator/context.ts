/**
 * What the routes need from the emulator, passed explicitly rather than through globals.
 */
import type { Catalog } from './catalog';
import type { EmulatedClock } from './clock';
import type { DeliveryStore } from './delivery-store';
import type { FilesStore } from './files-store';
import type { PredictionEngine } from './lifecycle';

export interface EmulatorContext {
  readonly clock: EmulatedClock;
  readonly catalog: Catalog;
  readonly engine: PredictionEngine;
  readonly files: FilesStore;
  readonly delivery: DeliveryStore;
  /** e.g. http://127.0.0.1:4010/v1 */
  baseUrl(): string;
  /** e.g. http://127.0.0.1:4010 */
  origin(): string;
  /** Largest upload POST /files accepts (Replicate: 100 MB). */
  readonly maxUploadBytes: number;
}

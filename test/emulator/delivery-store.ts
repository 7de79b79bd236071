/**
 * Output files, served at /delivery/... like replicate.delivery. They belong to a prediction and vanish
 * with its data (one hour after it finishes, or at once through the expired-outputs fault).
 */

export interface DeliveredFile {
  readonly path: string;
  readonly bytes: Buffer;
  readonly contentType: string;
  readonly predictionId: string;
}

export class DeliveryStore {
  private readonly files = new Map<string, DeliveredFile>();

  put(file: DeliveredFile): void {
    this.files.set(file.path, file);
  }

  get(path: string): DeliveredFile | undefined {
    return this.files.get(path);
  }

  removePrediction(predictionId: string): void {
    for (const [path, file] of this.files) if (file.predictionId === predictionId) this.files.delete(path);
  }
}

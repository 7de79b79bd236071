export { createAppService } from './service';
export type { AppService } from './service';
export type { AppServiceOptions, HostHooks, TokenStorage, TokenStore } from './host-hooks';
export { AppFailure } from './app-failure';
export { ImageReader, THUMBNAIL_MAX, THUMBNAIL_MIN } from './images/image-reader';
export type { ImageAnswer } from './images/image-reader';

// Placeholder until the app API lands: exposes nothing.
export {};

import type { ConfigPath } from "./app";

/**
 * Module props named differently from the environment fields that set them. A module's error
 * message starts with its prop's name, so this turns it back into the field to fix.
 */
const FIELD_OF_PROP: Readonly<Record<string, readonly string[]>> = {
  reservedConcurrentExecutions: ["reservedConcurrency"],
  memorySizeMb: ["memoryMiB"],
  maximumBatchingWindowSeconds: ["batchWindowSeconds"],
  environment: ["settings"],
  transitionToInfrequentAccessDays: ["lifecycle", "infrequentAccessDays"],
  transitionToGlacierDays: ["lifecycle", "glacierDays"],
  expirationDays: ["lifecycle", "expirationDays"],
  codeFileKey: ["codeKey"],
  s3BackupMode: ["backupMode"],
};

/**
 * The field of the component at `component` that a module's error is about: the prop its
 * message starts with, renamed back to the environment's field when it exists there; else the
 * component itself.
 */
export function fieldOfModuleError(component: ConfigPath, message: string, has: (path: ConfigPath) => boolean): ConfigPath {
  const prop = /^([A-Za-z][A-Za-z0-9]*)/.exec(message)?.[1];
  if (!prop) return component;
  for (const field of [FIELD_OF_PROP[prop] ?? [], [prop]]) {
    if (field.length > 0 && has([...component, ...field])) return [...component, ...field];
  }
  return component;
}

/** Types of ./provider-build.js (plain JavaScript: it runs before anything is compiled). */

/** How the provider starts: the host module to load, the prebuilt schema when from the build, and why. */
export interface HostChoice {
  compiled: boolean;
  host: string;
  schema?: string;
  reason: string;
}

export const MANIFEST: string;
export const HOST_SOURCE: string;
export const HOST_BUILD: string;
export const SCHEMA_SOURCE: string;
export const SCHEMA_BUILD: string;
export const FROM_SOURCE_ENV: string;
export function analyzerVersions(componentsDir: string): Record<string, string>;
export function chooseHost(componentsDir: string, env?: NodeJS.ProcessEnv): HostChoice;
export function startProvider(componentsDir: string, env?: NodeJS.ProcessEnv): Promise<void>;

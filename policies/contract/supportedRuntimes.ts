/**
 * App Engine standard Node.js runtimes and the day their support ends: from then on a version
 * using one can be neither created nor redeployed
 * (https://cloud.google.com/appengine/docs/standard/lifecycle/runtime-lifecycle: "End of support —
 * Creation & redeployment: No"). Dates from the runtime support schedule
 * (https://cloud.google.com/appengine/docs/standard/lifecycle/support-schedule#nodejs), which
 * follows the Node.js project's end of life (https://github.com/nodejs/Release#release-schedule):
 * nodejs20 ended 2026-04-30 like Node.js 20 itself; Node.js 22 ends 2027-04-30, 24 ends 2028-04-30.
 * When a date passes, the contract check fails until the program moves to a newer runtime.
 */
export const APP_ENGINE_RUNTIME_END_OF_SUPPORT: Readonly<Record<string, string>> = {
  nodejs20: "2026-04-30",
  nodejs22: "2027-04-30",
  nodejs24: "2028-04-30",
};

/** Why `runtime` cannot be deployed at `now`, or undefined when it can. */
export function unsupportedRuntime(runtime: string, now: Date): string | undefined {
  const end = APP_ENGINE_RUNTIME_END_OF_SUPPORT[runtime];
  if (end === undefined) return `runtime ${runtime} is not an App Engine standard runtime this check knows (${Object.keys(APP_ENGINE_RUNTIME_END_OF_SUPPORT).join(", ")})`;
  if (now.getTime() >= Date.parse(`${end}T00:00:00Z`)) return `runtime ${runtime} reached App Engine's end of support on ${end}: no creation, no redeployment`;
  return undefined;
}

import type { Ignorer } from "@stryker-mutator/api/ignore";

/** The "piaa-sample" ignorer plugin (sampleIgnorer.mjs). */
export declare const strykerPlugins: { kind: "Ignore"; name: "piaa-sample"; value: Ignorer }[];

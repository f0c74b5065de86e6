// @ts-check
/**
 * The project's Stryker configuration for sampled runs (main.ts): the same, plus the ignorer that
 * keeps nested non-sampled mutants out of the run (sampleIgnorer.mjs).
 */
import base from "../../stryker.config.mjs";

/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  ...base,
  appendPlugins: [...(base.appendPlugins ?? []), "./scripts/mutationSample/sampleIgnorer.mjs"],
  ignorers: [...(base.ignorers ?? []), "piaa-sample"],
};

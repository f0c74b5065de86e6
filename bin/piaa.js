#!/usr/bin/env node
// The bin runs the TypeScript sources through tsx so that `npx piaa` works straight after
// `npm ci`, with no build step; images and the App Engine bundle are built with esbuild instead.
import { register } from "tsx/esm/api";

register();
const { main } = await import("../runtime/cli.ts");
await main(process.argv);

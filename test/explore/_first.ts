Error.stackTraceLimit = 0;
import { exploreSeed } from "./explorer.js";
const n = Number(process.argv[2] ?? 2000);
let found = 0;
for (let seed = 1; seed <= n; seed++) {
  const r = await exploreSeed(seed);
  if (r.failure) { console.log(`seed ${seed}: ${r.failure.split("\n")[0]!.slice(0, 200)}`); if (++found >= 5) break; }
}
if (!found) console.log(`no failure in ${n} seeds`);

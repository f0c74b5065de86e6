/** An analyzer event source the test drives: each event it emits counts its acks and nacks. */
import type { StarEventSource } from "../../../runtime/analyzer/starEventSource.js";
import type { StarEvent } from "../../../runtime/analyzer/starScheduler.js";

export function manualSource() {
  let deliver: ((event: StarEvent) => void) | undefined;
  const events: { pic: string; acks: number; nacks: number }[] = [];
  const source: StarEventSource = {
    start: async (onEvent) => void (deliver = onEvent),
    stop: async () => void (deliver = undefined),
  };
  const emit = (pic: string) => {
    const record = { pic, acks: 0, nacks: 0 };
    events.push(record);
    deliver!({ pic, ack: () => void (record.acks += 1), nack: () => void (record.nacks += 1) });
  };
  return { source, emit, events };
}

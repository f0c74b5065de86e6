/**
 * The star a command is about, as a user may name it: a PIC id (`PIC_J2000437+224239`) or a
 * catalog id or name (`hd189733`, `HD 189733`; catalog.ts). The one resolver every command
 * taking a star uses, before any bucket is opened.
 */
import { CATALOG, catalogStarOf } from "./catalog.js";
import { UsageError } from "./errors.js";
import { nearestName } from "./nearestName.js";
import { isValidPic } from "./objectNames.js";

/** The PIC id `text` names; a UsageError naming the value, the accepted forms and the likely intent. */
export function resolvePic(text: string): string {
  if (isValidPic(text)) return text;
  const star = catalogStarOf(text);
  if (star) return star.pic;
  const guess = nearestName(text, CATALOG.flatMap((s) => [s.id, s.pic]));
  throw new UsageError(
    `${JSON.stringify(text)} is neither a PIC id like PIC_J0326137+295015 nor a catalog id ` +
      `(${CATALOG.map((s) => s.id).join(", ")})${guess ? `: did you mean ${guess}?` : ""}`,
  );
}

/**
 * The bearer secret proxy and combiner share (design §5): both refuse a shorter one at start.
 * Kept in core because both services read it and neither imports the other.
 */
export const MIN_TOKEN_LENGTH = 16;

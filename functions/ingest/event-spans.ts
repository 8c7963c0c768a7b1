/** Where one event's bytes are in a request body: `[start, end)`. */
export interface Span {
  readonly start: number;
  readonly end: number;
}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COMMA = 0x2c;
const COLON = 0x3a;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;

function skipSpace(b: Uint8Array, i: number): number {
  while (i < b.length && (b[i] === 0x20 || b[i] === 0x09 || b[i] === 0x0a || b[i] === 0x0d)) i++;
  return i;
}

function expect(b: Uint8Array, i: number, byte: number): number {
  if (b[i] !== byte) throw new SyntaxError(`expected "${String.fromCharCode(byte)}" at byte ${i}`);
  return i + 1;
}

function skipString(b: Uint8Array, i: number): number {
  i = expect(b, i, QUOTE);
  while (i < b.length) {
    const c = b[i]!;
    if (c === BACKSLASH) i += 2;
    else if (c === QUOTE) return i + 1;
    else i++;
  }
  throw new SyntaxError("unterminated string");
}

/** The end of the value starting at `i` (structure only: the body was parsed, or is only scanned for its events). */
function skipValue(b: Uint8Array, i: number): number {
  const c = b[i];
  if (c === QUOTE) return skipString(b, i);
  if (c === OPEN_BRACE || c === OPEN_BRACKET) {
    let depth = 0;
    while (i < b.length) {
      const d = b[i]!;
      if (d === QUOTE) {
        i = skipString(b, i);
        continue;
      }
      if (d === OPEN_BRACE || d === OPEN_BRACKET) depth++;
      else if (d === CLOSE_BRACE || d === CLOSE_BRACKET) {
        depth--;
        if (depth === 0) return i + 1;
      }
      i++;
    }
    throw new SyntaxError("unterminated object or array");
  }
  const start = i;
  while (i < b.length && b[i] !== COMMA && b[i] !== CLOSE_BRACE && b[i] !== CLOSE_BRACKET && b[i] !== 0x20 && b[i] !== 0x09 && b[i] !== 0x0a && b[i] !== 0x0d) i++;
  if (i === start) throw new SyntaxError(`no value at byte ${start}`);
  return i;
}

function elementSpans(b: Uint8Array, i: number): Span[] {
  const spans: Span[] = [];
  i = skipSpace(b, expect(b, i, OPEN_BRACKET));
  if (b[i] === CLOSE_BRACKET) return spans;
  for (;;) {
    const end = skipValue(b, i);
    spans.push({ start: i, end });
    i = skipSpace(b, end);
    if (b[i] === CLOSE_BRACKET) return spans;
    i = skipSpace(b, expect(b, i, COMMA));
  }
}

/**
 * The byte ranges of a request's events, read from the body's own bytes so each event can be
 * written exactly as the client sent it: the `events` array's elements in a batch (the last
 * `events` member, as JSON.parse keeps), else the whole body without its surrounding white space.
 * Works on bytes that are not valid UTF-8 (JSON's structural characters are ASCII, and no byte of a
 * multi-byte UTF-8 sequence is), so it also tells which event holds invalid bytes.
 * @throws SyntaxError when the body's structure cannot be followed.
 */
export function eventSpans(body: Uint8Array, batch: boolean): Span[] {
  const start = skipSpace(body, 0);
  if (!batch) return [{ start, end: skipValue(body, start) }];
  let i = skipSpace(body, expect(body, start, OPEN_BRACE));
  let events: Span[] | undefined;
  while (body[i] !== CLOSE_BRACE) {
    const keyEnd = skipString(body, i);
    const key: unknown = JSON.parse(Buffer.from(body.subarray(i, keyEnd)).toString("utf8"));
    i = skipSpace(body, expect(body, skipSpace(body, keyEnd), COLON));
    if (key === "events" && body[i] === OPEN_BRACKET) events = elementSpans(body, i);
    i = skipSpace(body, skipValue(body, i));
    if (body[i] === COMMA) i = skipSpace(body, i + 1);
    else if (body[i] !== CLOSE_BRACE) throw new SyntaxError(`expected "," or "}" at byte ${i}`);
  }
  if (events === undefined) throw new SyntaxError("no events array");
  return events;
}

/** True when the body is a batch (`{"events": ...}`) by its structure, for a body JSON.parse cannot read. */
export function looksLikeBatch(body: Uint8Array): boolean {
  try {
    eventSpans(body, true);
    return true;
  } catch {
    return false;
  }
}

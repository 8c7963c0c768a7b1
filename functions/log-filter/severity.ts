/** Syslog severity codes (RFC 5424 section 6.2.1), 0 the most severe. */
export type SeverityCode = 0 | 1 | 2 | 3 | 4 | 5 | 6 | 7;

/** The level written to CloudWatch Logs; only ERROR and WARN are kept. */
export type Level = "ERROR" | "WARN" | "INFO" | "DEBUG";

/** RFC 5424 keywords by code. */
export const SEVERITY_NAMES: readonly string[] = ["emerg", "alert", "crit", "err", "warning", "notice", "info", "debug"];

const SEVERITY_WORDS: ReadonlyMap<string, SeverityCode> = new Map([
  ["emerg", 0],
  ["emergency", 0],
  ["panic", 0],
  ["alert", 1],
  ["crit", 2],
  ["critical", 2],
  ["fatal", 2],
  ["err", 3],
  ["error", 3],
  ["warning", 4],
  ["warn", 4],
  ["notice", 5],
  ["info", 6],
  ["informational", 6],
  ["debug", 7],
]);

/** The code of a severity word (`err`, `Warning`, `CRITICAL`...), or undefined for any other word. */
export function severityFromWord(word: string): SeverityCode | undefined {
  return SEVERITY_WORDS.get(word.toLowerCase());
}

/** The severity carried by a syslog PRI value (facility * 8 + severity), or undefined when out of 0-191. */
export function severityFromPri(pri: number): SeverityCode | undefined {
  if (!Number.isInteger(pri) || pri < 0 || pri > 191) return undefined;
  return (pri % 8) as SeverityCode;
}

/** emerg, alert, crit and err are ERROR; warning is WARN; notice and info are INFO; debug is DEBUG. */
export function levelOf(severity: SeverityCode): Level {
  if (severity <= 3) return "ERROR";
  if (severity === 4) return "WARN";
  return severity === 7 ? "DEBUG" : "INFO";
}

/** True for the levels the function keeps. */
export function isKept(level: Level): boolean {
  return level === "ERROR" || level === "WARN";
}

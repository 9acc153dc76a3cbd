/**
 * One log line per invocation, prefixed with the area. Forge keeps 100 log lines per runtime minute, so handlers
 * log a summary, never a payload: payloads hold page text and user data that must not reach the logs.
 */
export function logLine(area: string, message: string): void {
  console.log(`[librarian:${area}] ${message}`);
}

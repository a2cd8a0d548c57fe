// Lines an ASA prints into a CLI session on its own, between or inside command answers: syslog messages
// (`terminal monitor`), configuration replication notices and failover notices. The ASA has no `logging
// synchronous`: such a line can come right after a prompt (even on the prompt's own line) with no new prompt
// after it, or in the middle of an answer (`write memory` on the active unit). They are never command output,
// never data for a parser, and never a reason to keep waiting for a prompt.
//
// Sources: the ASA CLI configuration guide, "Configuring Active/Standby Failover" (the active unit's console
// shows "Beginning configuration replication: Sending to mate" and "End Configuration Replication to mate");
// the standby's "... from mate." counterparts as seen on real consoles; syslog format `%ASA-level-NNNNNN:` with
// the optional `logging timestamp` / `logging device-id` prefixes (ASA syslog messages guide).

/** `%ASA-5-111008: ` (also FTD/PIX and `%ASA-session-5-...`), where an unsolicited syslog message starts. */
const SYSLOG = /%(?:ASA|FTD|PIX)-(?:[a-z]+-)?[0-7]-\d{6}: ?/;
/** What may precede a syslog message on its line: `<166>`, `Nov 30 2026 01:02:03 UTC: `, `asa : `. */
const SYSLOG_PREFIX = /^\s*(?:<\d{1,3}>)?(?:[A-Z][a-z]{2} {1,2}\d{1,2}(?: \d{4})? \d{2}:\d{2}:\d{2}(?:\.\d+)?(?: [A-Z]{2,5})?:? ?)?(?:[\w.-]+ : ?)?$/;

/** Console notices that make up a whole line (case and surrounding blanks vary between releases). */
const NOTICES: RegExp[] = [
  /Beginning configuration replication:? Sending to mate\.?/i,
  /End Configuration Replication to mate\.?/i,
  /Beginning configuration replication from mate\.?/i,
  /End configuration replication from mate\.?/i,
  /Config replication from mate (?:started|finished)\.?/i,
  // The active unit's banner when its mate joins on another release (test/fixtures/asa-outputs/
  // console.mate-version-warning.on-active.*.raw, from two public upgrade transcripts).
  /\*{4,}WARNING\*{4}WARNING\*{4}WARNING\*{4,}/,
  /Mate version \S+ is not identical with ours \S+/,
];
const NOTICE_AT_END = new RegExp(`(?:${NOTICES.map((n) => n.source).join('|')})\\s*$`, 'i');

/** What may stand before a notice on the same line: nothing, a prompt, or a question waiting for input. */
const PROMPT_OR_QUESTION = /^(?:\s*|[A-Za-z0-9][A-Za-z0-9_./-]*(?:\([a-z][a-z0-9-]*\))?[>#] ?|.*(?:[:?]|\]|\)) ?)$/;

/**
 * Splits a line into what the device printed for the session and an unsolicited message that follows on the
 * same line. `kept` is undefined when the whole line is unsolicited.
 */
function splitLine(line: string): { kept?: string; message?: string } {
  const syslog = SYSLOG.exec(line);
  if (syslog) {
    const before = line.slice(0, syslog.index);
    if (SYSLOG_PREFIX.test(before)) return { message: line };
    return { kept: before, message: line.slice(syslog.index) };
  }
  const notice = NOTICE_AT_END.exec(line);
  if (notice && PROMPT_OR_QUESTION.test(line.slice(0, notice.index))) {
    const before = line.slice(0, notice.index);
    return before.trim() === '' ? { message: line } : { kept: before, message: line.slice(notice.index) };
  }
  return { kept: line };
}

/** Whether a whole line is an unsolicited console message. */
export function isUnsolicitedLine(line: string): boolean {
  return line.trim() !== '' && splitLine(line).kept === undefined;
}

export interface ConsoleText {
  /** The text without unsolicited messages; when they ended it, the line breaks before them go too. */
  text: string;
  /** The messages removed, in order (for the log and for messages that name what was last seen). */
  messages: string[];
}

/** Removes unsolicited messages from `\n`-separated, already cleaned terminal text. */
export function removeUnsolicited(text: string): ConsoleText {
  const messages: string[] = [];
  const kept: string[] = [];
  let endedByMessage = false;
  for (const line of text.split('\n')) {
    const { kept: part, message } = splitLine(line);
    if (message !== undefined) messages.push(message.trim());
    if (part !== undefined) {
      kept.push(part);
      if (part.trim() !== '') endedByMessage = message !== undefined;
    } else endedByMessage = true;
  }
  if (messages.length === 0) return { text, messages };
  let out = kept.join('\n');
  // `asa# \r\n%ASA-...\r\n`: the prompt is still what the answer ends with.
  if (endedByMessage) out = out.replace(/(?:\n[ \t]*)+$/, '');
  return { text: out, messages };
}

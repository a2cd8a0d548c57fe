// A refusal as a modal shows it, one reason a line. Apart from prompter.ts so code without VS Code (the fleet
// plan text, its unit tests) can use it.

/**
 * A refusal or failure, readable: one reason a line, each with its fix, no Markdown backticks (a modal shows
 * them raw). `text` is an engine message; sentences that name problems become lines.
 */
export function refusalLines(text: string): string[] {
  const lines = text
    .replace(/`([^`]*)`/g, '"$1"')
    .split('\n')
    .map((l) => l.trim().replace(/^[-•*]\s+/, ''))
    .filter(Boolean)
    // The modal's title already says nothing was changed; the engine's list header would repeat it.
    .filter((l) => !/^the upgrade cannot start; nothing was changed on the pair:?$/i.test(l));
  return lines.length ? lines : [text.trim()];
}

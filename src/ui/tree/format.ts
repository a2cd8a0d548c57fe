// Small text helpers shared by the tree items and the panel.

export { capitalised, formatBytes } from '../../core/text';

export function formatUptime(seconds: number | undefined): string | undefined {
  if (seconds === undefined) return undefined;
  const d = Math.floor(seconds / 86400);
  const h = Math.floor((seconds % 86400) / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  if (d) return `${d} d ${h} h`;
  if (h) return `${h} h ${m} min`;
  return `${m} min`;
}


/** Escapes text for a MarkdownString (device text is not markup). */
export function md(text: string): string {
  return text.replace(/[\\`*_{}[\]()#+\-.!|<>]/g, (c) => `\\${c}`);
}

// The shape of a command's output with its values taken out, so the lab's output and a real capture of the
// same command can be compared line by line: same lines, same order, same labels and label padding, same
// indentation. Only values are normalised (versions, serials, sizes, counters, times, addresses, names of
// files, hosts, interfaces); the spacing after a value is collapsed because it depends on the value's width.

/** A token holding a digit is a value (`9.18(4)22`, `JAD222605K8`, `0x1`, `(1.0/9.12(4)37)`, `GigabitEthernet0/7`). */
const HAS_DIGIT = /\d/;

/** Line-level values that carry no digit: names and free text chosen by the operator or the time zone. */
const LINE_VALUES: [RegExp, string][] = [
  // Echo of the command the capture was taken with (`fw09# show version`).
  [/^\S+[#>] \S.*$/, '<echo>'],
  [/^(\S+) up (\d+ \w+)( \d+ \w+)?$/, '<host> up <uptime>'],
  [/^failover cluster up (\d+ \w+)( \d+ \w+)?$/, 'failover cluster up <uptime>'],
  [/^Configuration last modified by .*$/, 'Configuration last modified by <who> at <when>'],
  [/^Compiled on .* by \S+$/, 'Compiled on <when> by <who>'],
  [/^Last Failover at: .*$/, 'Last Failover at: <when>'],
  [/\b(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)\b/g, '<month>'],
  [/^(Firepower Extensible|SSP) Operating System Version /, '<platform OS> Version '],
  [/^This platform has an? .* license\.$/, 'This platform has <license> license.'],
  [/^(Failover LAN Interface:) \S+ (\S+) \(.*\)$/, '$1 <name> $2 (<link>)'],
  [/^(\s+Link :) \S+ (\S+) \(.*\)$/, '$1 <name> $2 (<link>)'],
  [/^(\s+Interface) \S+ (\(.*\)): (\w+) \((\S+)\)$/, '$1 <name> $2: <status> (<monitoring>)'],
  [/ (milliseconds|seconds)\b/g, ' <unit>'],
  [/CPU [A-Za-z][\w ]*? (\d+ MHz)/, 'CPU <cpu> $1'],
  [/\b\w+:\/\/\S+?\.\.\./, '<url>...'],
  // File names go, the path before them stays: `(hd0,1)/<file>` and `disk0:/<file>` are different shapes.
  [/(^|[\s"=/;])((?:\(hd\d+,\d+\)\/|\w+:\/)?)[\w.-]+\.(bin|SPA|spa)\b/g, '$1$2<file>'],
];

/** A token with a digit, unless it is one of the placeholders above. */
function normaliseTokens(line: string): string {
  const indent = /^\s*/.exec(line)![0];
  const tokens = line.slice(indent.length).split(/( +|\t+)/);
  let out = indent;
  let previousWasValue = false;
  for (const t of tokens) {
    if (/^[ \t]+$/.test(t)) {
      out += previousWasValue ? ' ' : t;
      continue;
    }
    if (t === '') continue;
    const isValue = HAS_DIGIT.test(t) && !/<[a-z]/.test(t);
    out += isValue ? '<v>' : t;
    previousWasValue = isValue || /^<[^>]+>[,.]?$/.test(t);
  }
  return out;
}

export interface SkeletonOptions {
  /** Lines (after normalisation) to drop, for parts one side has for reasons unrelated to format. */
  drop?: RegExp[];
  /** Replace runs of lines matching one of these by a single line (lists whose length is a value). */
  collapse?: RegExp[];
}

/** The output's lines as shapes: values replaced, trailing spaces and `!` progress marks gone, outer blank lines trimmed. */
export function skeleton(text: string, options: SkeletonOptions = {}): string[] {
  // Progress marks are a count of blocks, and whether they follow `Accessing ...` on its line or start their own
  // differs between captures (ASAv 9.6 and 9.x https transcripts: same line; the 5525 9.2 transcript: own line).
  let lines = text
    .replace(/\r/g, '')
    .split('\n')
    .filter((l) => !/^!+\s*$/.test(l))
    .map((l) => l.replace(/!+\s*$/, '').replace(/\s+$/, ''));
  lines = lines.map((l) => {
    let s = l;
    for (const [re, to] of LINE_VALUES) s = s.replace(re, to);
    return normaliseTokens(s);
  });
  lines = lines.filter((l) => l !== '<echo>');
  lines = lines.filter((l) => !(options.drop ?? []).some((re) => re.test(l)));
  const collapsed: string[] = [];
  for (const l of lines) {
    const group = (options.collapse ?? []).find((re) => re.test(l));
    const marker = group ? `<${group.source}>...` : undefined;
    if (marker && collapsed[collapsed.length - 1] === marker) continue;
    collapsed.push(marker ?? l);
  }
  while (collapsed.length && collapsed[0] === '') collapsed.shift();
  while (collapsed.length && collapsed[collapsed.length - 1] === '') collapsed.pop();
  return collapsed;
}

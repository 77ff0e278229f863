/**
 * The commands a README or a docs page tells users to type, read from its fenced code blocks, so a test runs
 * exactly those commands, in that order (with placeholders and a few values replaced by the
 * emulator's), and fails when the README and the test drift apart.
 */
import { readFileSync } from "node:fs";

/** One fenced code block: its info string (`sh`, `ts`) and its text. */
export interface CodeBlock {
  lang: string;
  code: string;
}

/**
 * The fenced code blocks of a Markdown file, in order; with `heading`, only those of the section
 * under that heading (any level), up to the next heading of the same or a higher level.
 */
export function codeBlocks(file: string, heading?: string): CodeBlock[] {
  const blocks: CodeBlock[] = [];
  let inSection = heading === undefined;
  let sectionLevel = 0;
  let open: CodeBlock | undefined;
  for (const line of readFileSync(file, "utf8").split("\n")) {
    if (open) {
      if (line === "```") {
        if (inSection) blocks.push(open);
        open = undefined;
      } else open.code += `${line}\n`;
      continue;
    }
    const fence = /^```(\w*)$/.exec(line);
    if (fence) {
      open = { lang: fence[1], code: "" };
      continue;
    }
    const title = /^(#+) (.*)$/.exec(line);
    if (title && heading !== undefined) {
      if (inSection && title[1].length <= sectionLevel) break;
      if (!inSection && title[2] === heading) [inSection, sectionLevel] = [true, title[1].length];
    }
  }
  if (!inSection) throw new Error(`${file} has no "${heading}" heading`);
  return blocks;
}

/** The commands of the `sh` blocks: one per line, `  # comments` and blank lines left out. */
export function shellCommands(blocks: CodeBlock[]): string[] {
  return blocks
    .filter((block) => block.lang === "sh")
    .flatMap((block) => block.code.split("\n"))
    .map((line) => line.replace(/\s+#.*$/, "").trim())
    .filter((line) => line !== "" && !line.startsWith("#"));
}

/**
 * A README's commands, taken in order by a test: `next(command)` checks that the README's next
 * command is `command` (so the test reads as the README does) and returns its words with the
 * placeholders replaced.
 */
export class ReadmeCommands {
  private index = 0;

  constructor(
    /** The commands, as `shellCommands` returns them. */
    readonly commands: string[],
    /** Text → replacement, applied to each command before it is split into words. */
    private readonly values: Record<string, string> = {},
  ) {}

  /** The next command's words; throws unless the README's next command is `command`. */
  next(command: string): string[] {
    const actual = this.commands[this.index];
    if (actual !== command) {
      throw new Error(
        `the README's command #${this.index + 1} is ${JSON.stringify(actual)}, the test expected ${JSON.stringify(command)}`,
      );
    }
    this.index++;
    let text = actual;
    for (const [from, to] of Object.entries(this.values)) text = text.split(from).join(to);
    return text.split(/\s+/);
  }

  /** The commands not taken yet (a test ends by expecting none). */
  remaining(): string[] {
    return this.commands.slice(this.index);
  }
}

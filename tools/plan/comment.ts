import { BLOCK_SEPARATOR, type Block, isHeading, parseBlocks, renderBlock } from "./markdown-blocks";

/**
 * GitHub refuses a comment body longer than 65536 characters. Lengths here are JavaScript string
 * lengths (UTF-16 code units), never fewer than the characters GitHub counts.
 */
export const COMMENT_LIMIT = 65536;

/** Comments posted per environment at most; what does not fit is named in the last one. */
export const MAX_COMMENTS = 10;

/** Options of {@link planComments}. */
export interface CommentOptions {
  /** The environment: its comments carry a marker with its name, so the workflow finds and updates them. */
  readonly env: string;
  /** @default COMMENT_LIMIT */
  readonly limit?: number;
  /** @default MAX_COMMENTS */
  readonly maxComments?: number;
  /** Markdown saying where the whole plan is (the workflow run's artifact), added to every comment. @default - none */
  readonly moreAt?: string;
}

/** Every comment of an environment starts with this, whatever its part number. */
export function commentMarkerPrefix(env: string): string {
  return `<!-- streaming-platform-plan:${env} `;
}

function marker(env: string, part: number, total: number): string {
  return `${commentMarkerPrefix(env)}part ${part}/${total} -->`;
}

const continuedHeader = (env: string, part: number, total: number) => `**Plan: ${env}**, part ${part} of ${total}, continued from the previous comment.`;
const continuesFooter = (part: number, total: number) => `*Continued in the next comment (part ${part + 1} of ${total}).*`;

/** A line too long for any comment, cut with a note; never happens with the summary's own cells, which are capped. */
function shorten(line: string, room: number): string {
  const note = ` … (${line.length} characters, cut to fit a comment)`;
  return `${line.slice(0, Math.max(0, room - note.length))}${note}`;
}

/**
 * Groups the lines (or table rows) of a block into pieces `wrap(group)`: the first no longer than
 * `first` ("" when not even one line fits there), every other no longer than `size`.
 */
function chunk(items: readonly string[], wrap: (group: readonly string[]) => string, first: number, size: number): string[] {
  const base = wrap([]).length;
  const pieces: string[] = [];
  let group: string[] = [];
  let used = base;
  let limit = first;
  const close = () => {
    pieces.push(group.length > 0 ? wrap(group) : "");
    group = [];
    used = base;
    limit = size;
  };
  for (const item of items) {
    if (used + item.length + 1 > limit && (group.length > 0 || limit < size)) close();
    const fitted = used + item.length + 1 > limit ? shorten(item, limit - used - 1) : item;
    group.push(fitted);
    used += fitted.length + 1;
  }
  if (group.length > 0) close();
  return pieces;
}

/** Pieces of a block too long for the room left: each a whole table, fence or `<details>` of its own. */
function split(block: Block, first: number, size: number): string[] {
  switch (block.kind) {
    case "text":
      return chunk(block.lines, (lines) => lines.join("\n"), first, size);
    case "table": {
      const caption = block.caption;
      const table = (rows: readonly string[]) => [...block.head, ...rows].join("\n");
      if (caption === undefined) return chunk(block.rows, table, first, size);
      const continued = `${caption} *(continued)*${BLOCK_SEPARATOR}`;
      const firstCaption = `${caption}${BLOCK_SEPARATOR}`;
      // The continued caption is the longer one, so every piece fits whichever it gets.
      const pieces = chunk(block.rows, table, first - continued.length, size - continued.length);
      const shown = pieces.findIndex((piece) => piece !== "");
      return pieces.map((piece, index) => (piece === "" ? "" : `${index === shown ? firstCaption : continued}${piece}`));
    }
    case "fence":
      return chunk(block.lines, (lines) => [block.open, ...lines, block.close].join("\n"), first, size);
    case "details": {
      const open = block.open.join("\n");
      const reopened = /<\/summary>/i.test(open) ? open.replace(/<\/summary>/i, " (continued)</summary>") : open;
      const wrapper = reopened.length + block.close.length + 2 * BLOCK_SEPARATOR.length;
      return pack(block.children, first - wrapper, size - wrapper).map((page, index) =>
        page === "" ? "" : [index === 0 ? open : reopened, page, block.close].join(BLOCK_SEPARATOR),
      );
    }
  }
}

/**
 * Packs blocks into pages: the first at most `first` characters ("" when nothing fits there), every
 * other at most `size`. A block that fits a page is never split; one that does not is split into
 * whole tables, fences and `<details>` blocks, never in the middle of one. A heading stays with what follows it.
 */
function pack(blocks: readonly Block[], first: number, size: number): string[] {
  const pages: string[][] = [[]];
  let limit = first;
  let used = 0;
  const page = () => pages[pages.length - 1]!;
  const room = () => limit - used - (page().length > 0 ? BLOCK_SEPARATOR.length : 0);
  const add = (text: string) => {
    used += (page().length > 0 ? BLOCK_SEPARATOR.length : 0) + text.length;
    page().push(text);
  };
  const turn = () => {
    if (page().length === 0 && limit === size) return;
    pages.push([]);
    limit = size;
    used = 0;
  };
  blocks.forEach((block, index) => {
    const text = renderBlock(block);
    const next = blocks[index + 1];
    const withNext = isHeading(block) && next ? BLOCK_SEPARATOR.length + Math.min(renderBlock(next).length, 200) : 0;
    if (text.length + withNext <= room()) return add(text);
    if (text.length + withNext <= size) {
      turn();
      return add(text);
    }
    split(block, room(), size).forEach((piece, part) => {
      if (part > 0) turn();
      if (piece !== "") add(piece);
    });
  });
  return pages.map((blocksOfPage) => blocksOfPage.join(BLOCK_SEPARATOR));
}

function leftOutNote(dropped: string, total: number, max: number, size: number, moreAt?: string): string {
  const sections = [...dropped.matchAll(/<summary>(.*?)<\/summary>/g)]
    .map((m) => m[1]!.replace(/<[^>]+>/g, "").replace(/ \(continued\)$/, "").trim())
    .filter((name, index, all) => all.indexOf(name) === index);
  const head = [`**Left out:** this plan needs ${total} comments and at most ${max} are posted per environment.`];
  if (moreAt) head.push(moreAt);
  const lines = [head.join(" "), "", sections.length > 0 ? "Not shown:" : "The rest of the summary is not shown.", ""];
  let used = lines.join("\n").length;
  let shown = 0;
  for (const section of sections) {
    const line = `- ${section}`;
    if (used + line.length + 40 > size) break;
    lines.push(line);
    used += line.length + 1;
    shown++;
  }
  if (shown < sections.length) lines.push(`- and ${sections.length - shown} more`);
  return lines.join("\n").trimEnd();
}

/**
 * The comment bodies of one environment's plan summary. Each starts with the environment's marker and
 * its part number; a summary longer than one comment is split between blocks (a table longer than a
 * whole comment into whole tables with their header), and beyond `maxComments` the last comment says
 * what was left out.
 */
export function planComments(markdown: string, options: CommentOptions): string[] {
  const limit = options.limit ?? COMMENT_LIMIT;
  const max = options.maxComments ?? MAX_COMMENTS;
  const wrapping = [marker(options.env, max, max), continuedHeader(options.env, max, max), continuesFooter(max - 1, max), options.moreAt ?? ""];
  const size = limit - wrapping.reduce((sum, part) => sum + part.length + BLOCK_SEPARATOR.length, 0);
  if (size < 500) throw new Error(`limit must leave at least 500 characters for the summary, got ${limit}`);

  let pages = pack(parseBlocks(markdown.trim()), size, size).filter((page) => page !== "");
  if (pages.length > max) {
    pages = [...pages.slice(0, max - 1), leftOutNote(pages.slice(max - 1).join("\n"), pages.length, max, size, options.moreAt)];
  }
  return pages.map((page, index) => {
    const parts = [marker(options.env, index + 1, pages.length)];
    if (index > 0) parts.push(continuedHeader(options.env, index + 1, pages.length));
    parts.push(page);
    if (index < pages.length - 1) parts.push(continuesFooter(index + 1, pages.length));
    if (options.moreAt) parts.push(options.moreAt);
    return parts.join(BLOCK_SEPARATOR);
  });
}

/**
 * Markdown as the comment splitter sees it: blocks that must stay whole (a table, a fenced block)
 * or that can be closed and reopened (a `<details>` block, a paragraph or list, line by line).
 */
export type Block =
  | { readonly kind: "text"; readonly lines: readonly string[] }
  | { readonly kind: "table"; readonly caption?: string; readonly head: readonly string[]; readonly rows: readonly string[] }
  | { readonly kind: "fence"; readonly open: string; readonly lines: readonly string[]; readonly close: string }
  | { readonly kind: "details"; readonly open: readonly string[]; readonly children: readonly Block[]; readonly close: string };

/** Blocks are separated by one blank line. */
export const BLOCK_SEPARATOR = "\n\n";

const DELIMITER_ROW = /^\|?\s*:?-+:?\s*(\|\s*:?-+:?\s*)*\|?\s*$/;
const FENCE = /^ {0,3}(`{3,}|~{3,})/;
const CAPTION = /^(#{1,6} |\*\*[^*])/;

function parseLines(lines: readonly string[], start: number, inDetails: boolean): { blocks: Block[]; next: number } {
  const blocks: Block[] = [];
  let paragraph: string[] = [];
  const endParagraph = () => {
    if (paragraph.length > 0) blocks.push({ kind: "text", lines: paragraph });
    paragraph = [];
  };
  let i = start;
  while (i < lines.length) {
    const line = lines[i]!;
    const fence = FENCE.exec(line);
    if (line.trim() === "") {
      endParagraph();
      i++;
    } else if (fence) {
      endParagraph();
      const mark = fence[1]!;
      const closing = new RegExp(`^ {0,3}${mark[0] === "`" ? "`" : "~"}{${mark.length},}\\s*$`);
      let j = i + 1;
      while (j < lines.length && !closing.test(lines[j]!)) j++;
      blocks.push({ kind: "fence", open: line, lines: lines.slice(i + 1, j), close: lines[j] ?? mark });
      i = j + 1;
    } else if (/^<details\b/i.test(line.trim())) {
      endParagraph();
      let j = i;
      while (j < lines.length && !/<\/summary>/i.test(lines[j]!)) j++;
      if (j === lines.length) j = i;
      const inner = parseLines(lines, j + 1, true);
      blocks.push({ kind: "details", open: lines.slice(i, j + 1), children: inner.blocks, close: lines[inner.next] ?? "</details>" });
      i = inner.next + 1;
    } else if (inDetails && /^<\/details>/i.test(line.trim())) {
      endParagraph();
      return { blocks, next: i };
    } else if (paragraph.length === 0 && line.trimStart().startsWith("|") && DELIMITER_ROW.test(lines[i + 1] ?? "")) {
      let j = i + 2;
      while (j < lines.length && lines[j]!.trimStart().startsWith("|")) j++;
      // A one-line heading or bold lead-in right above a table names it: it stays with the table and is repeated when the table is split.
      const above = blocks.at(-1);
      const caption = above?.kind === "text" && above.lines.length === 1 && CAPTION.test(above.lines[0]!) ? above.lines[0] : undefined;
      if (caption !== undefined) blocks.pop();
      blocks.push({ kind: "table", ...(caption !== undefined ? { caption } : {}), head: lines.slice(i, i + 2), rows: lines.slice(i + 2, j) });
      i = j;
    } else {
      paragraph.push(line);
      i++;
    }
  }
  endParagraph();
  return { blocks, next: i };
}

/** Splits markdown into top-level blocks; `<details>` blocks hold their own. */
export function parseBlocks(markdown: string): Block[] {
  return parseLines(markdown.replace(/\r\n/g, "\n").split("\n"), 0, false).blocks;
}

/** The markdown of a block, as it would be posted. */
export function renderBlock(block: Block): string {
  switch (block.kind) {
    case "text":
      return block.lines.join("\n");
    case "table": {
      const table = [...block.head, ...block.rows].join("\n");
      return block.caption === undefined ? table : `${block.caption}${BLOCK_SEPARATOR}${table}`;
    }
    case "fence":
      return [block.open, ...block.lines, block.close].join("\n");
    case "details":
      return [block.open.join("\n"), ...block.children.map(renderBlock), block.close].join(BLOCK_SEPARATOR);
  }
}

/** A lone heading line, which should never end a comment. */
export function isHeading(block: Block): boolean {
  return block.kind === "text" && block.lines.length === 1 && /^#{1,6} /.test(block.lines[0]!);
}

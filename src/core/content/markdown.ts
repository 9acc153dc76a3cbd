import type { Block } from './blocks';

function escapeCell(text: string): string {
  return text.replace(/\|/g, '\\|');
}

function fence(text: string): string {
  const longest = Math.max(2, ...(text.match(/`+/g) ?? []).map((m) => m.length));
  return '`'.repeat(longest + 1);
}

function quoteLines(markdown: string): string {
  return markdown
    .split('\n')
    .map((l) => (l ? `> ${l}` : '>'))
    .join('\n');
}

function blockToMarkdown(block: Block): string {
  switch (block.kind) {
    case 'heading':
      return `${'#'.repeat(block.level)} ${block.text}`;
    case 'paragraph':
      return block.text;
    case 'list':
      return block.items
        .map((item, i) => {
          const marker = item.checked !== undefined ? `- [${item.checked ? 'x' : ' '}]` : block.ordered ? `${i + 1}.` : '-';
          return `${'  '.repeat(item.depth)}${marker} ${item.text}`;
        })
        .join('\n');
    case 'table': {
      const width = Math.max(block.header.length, ...block.rows.map((r) => r.length));
      if (width === 0) return '';
      const pad = (row: string[]): string[] => Array.from({ length: width }, (_, i) => escapeCell(row[i] ?? ''));
      const header = block.header.length > 0 ? block.header : block.rows[0];
      const rows = block.header.length > 0 ? block.rows : block.rows.slice(1);
      return [
        `| ${pad(header).join(' | ')} |`,
        `|${' --- |'.repeat(width)}`,
        ...rows.map((r) => `| ${pad(r).join(' | ')} |`),
      ].join('\n');
    }
    case 'code': {
      const f = fence(block.text);
      return `${block.title ? `**${block.title}**\n\n` : ''}${f}${block.language ?? ''}\n${block.text}\n${f}`;
    }
    case 'panel': {
      const label = block.panelType.charAt(0).toUpperCase() + block.panelType.slice(1);
      const head = `**${label}${block.title ? `: ${block.title}` : ''}**`;
      return quoteLines([head, toMarkdown(block.blocks)].filter(Boolean).join('\n\n'));
    }
    case 'expand':
      return [`**${block.title ?? 'Details'}**`, toMarkdown(block.blocks)].filter(Boolean).join('\n\n');
    case 'quote':
      return quoteLines(toMarkdown(block.blocks));
    case 'include':
      return `_(content included from page "${block.pageTitle}"${block.spaceKey ? ` in space ${block.spaceKey}` : ''})_`;
  }
}

/** Clean, trimmed Markdown for agents: what a reader sees, without macros' configuration or layout markup. */
export function toMarkdown(blocks: Block[]): string {
  return blocks
    .map(blockToMarkdown)
    .filter((s) => s.trim().length > 0)
    .join('\n\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

/** Plain text lines of one block, as the index reads it: each table row keeps its header cells beside its values. */
export function blockText(block: Block): string[] {
  switch (block.kind) {
    case 'heading':
      return [block.text];
    case 'paragraph':
      return [block.text];
    case 'list':
      return block.items.map((i) => i.text);
    case 'table':
      if (block.rows.length === 0) return [block.header.join('; ')];
      return block.rows.map((row) => row.map((cell, i) => (block.header[i] ? `${block.header[i]}: ${cell}` : cell)).join('; '));
    case 'code':
      return [block.title ?? '', block.text].filter(Boolean);
    case 'panel':
    case 'expand':
      return [block.title ?? '', ...block.blocks.flatMap(blockText)].filter(Boolean);
    case 'quote':
      return block.blocks.flatMap(blockText);
    case 'include':
      return [];
  }
}

/** The ordered blocks a Confluence page's storage format is reduced to: what the index, chunks and agents read. */

export type PanelType = 'info' | 'note' | 'warning' | 'tip' | 'success' | 'error' | 'panel' | 'custom';

export type Block =
  | { kind: 'heading'; level: number; text: string; /** Headings above and including this one. */ path: string[] }
  | { kind: 'paragraph'; text: string }
  | { kind: 'list'; ordered: boolean; items: Array<{ text: string; depth: number; checked?: boolean }> }
  | { kind: 'table'; header: string[]; rows: string[][] }
  | { kind: 'code'; language?: string; title?: string; text: string }
  | { kind: 'panel'; panelType: PanelType; title?: string; blocks: Block[] }
  | { kind: 'expand'; title?: string; blocks: Block[] }
  | { kind: 'quote'; blocks: Block[] }
  | { kind: 'include'; macro: 'include' | 'excerpt-include'; pageTitle: string; spaceKey?: string };

/** A page another page points at, by title (storage format names pages by title and optional space key). */
export interface PageRef {
  title: string;
  spaceKey?: string;
}

export interface ExtractedContent {
  blocks: Block[];
  /** Pages linked from the body, in order of first appearance, without duplicates. */
  links: PageRef[];
  /** Pages whose content `include`/`excerpt-include` pulls in: the index resolves them. */
  includes: Array<PageRef & { macro: 'include' | 'excerpt-include' }>;
  /** Account ids of mentioned users. */
  mentions: string[];
}

/**
 * The Ask macro (`askResolver`) and its settings dialog. The Library and spaces come from the macro's saved config,
 * read on the server from the platform context; the browser sends only the question.
 */
import { z } from 'zod';
import type { Answer } from '../core/answer/types';
import type { LibraryChoiceReason } from '../core/library/default-library';
import { libraryId, spaceKey } from './fields';
import type { Result } from './refusal';
import type { UiStatus } from './status';

export type { Answer };

export const askPayloads = {
  getStatus: z.object({}),
  getMacroContext: z.object({}),
  ask: z.object({ question: z.string({ error: 'Type a question first.' }).max(20_000, 'Ask a shorter question.') }),
};

/**
 * What the macro's settings save (through `view.submit({ config })`) and the server reads back from
 * `extension.config`: the Library and, optionally, some of its spaces (absent or empty: all of them). A config
 * that does not fit (say `spaceKeys: "ENG"`) is refused, never read as "every space".
 */
export const askMacroConfig = z.object({
  libraryId: libraryId.optional(),
  spaceKeys: z.array(spaceKey, { error: 'This macro\'s spaces are not a list: choose them again in its settings.' }).max(500).optional(),
});
export type AskMacroConfig = z.infer<typeof askMacroConfig>;

export interface LibraryChoice {
  id: string;
  name: string;
  /** The spaces of the Library the caller can read. */
  spaceKeys: string[];
}

export interface MacroContext {
  library?: LibraryChoice;
  /** Why `library` answers: the macro's settings, the Library indexing the page's space, or the site's only one. */
  chosenBy?: LibraryChoiceReason;
  libraries: LibraryChoice[];
}

export interface AskApi {
  getStatus: { payload: void; result: UiStatus };
  getMacroContext: { payload: void; result: Result<MacroContext> };
  ask: { payload: z.infer<typeof askPayloads.ask>; result: Result<Answer> };
}

import { askMacroConfig, askPayloads, type AskMacroConfig, type LibraryChoice, type MacroContext } from '../../contract';
import { LibraryError, chooseLibrary, isUsable, type Library, type LibraryChoiceReason } from '../../core/library';
import * as usecases from '../../core/usecases';
import { ForgeLlmSynthesizer } from '../adapters/llm';
import { readCaller, type PlatformContext } from '../context';
import { askBudget, askDeps, libraries } from '../services';
import { resolver } from './define';

/**
 * The macro's saved config, read from the platform context (never from the payload) and checked against the
 * contract: a config that does not fit (`spaceKeys: "ENG"`) is a problem to show, never "every space".
 */
function macroConfig(context: PlatformContext): { config: AskMacroConfig } | { problem: string } {
  const parsed = askMacroConfig.safeParse(context?.extension?.config ?? {});
  if (parsed.success) return { config: parsed.data };
  return { problem: 'This macro\'s settings are not valid. Choose its Library and spaces again in the macro\'s settings.' };
}

/**
 * Every usable Library, for picking the macro's: who may then ask it is the Library's visibility (askLibrary
 * checks it), so an anonymous visitor is told to sign in rather than that the Library is missing.
 */
async function usableLibraries(records: Library[]): Promise<LibraryChoice[]> {
  return records
    .filter(isUsable)
    .map((library) => ({ id: library.id, name: library.name, spaceKeys: (library.source?.spaces ?? []).map((space) => space.key) }));
}

/**
 * The macro's Library (src/core/library/default-library.ts): its settings, else the Library indexing the page's
 * space, else the site's only Library; with the reason, so the macro can say which one answered.
 */
function chosenLibrary(all: LibraryChoice[], records: Library[], config: AskMacroConfig, context: PlatformContext): { library: LibraryChoice; reason: LibraryChoiceReason } | undefined {
  const createdAt = new Map(records.map((library) => [library.id, library.createdAt]));
  const choice = chooseLibrary(all.map((library) => ({ ...library, createdAt: createdAt.get(library.id) ?? 0 })), {
    configuredId: config.libraryId,
    spaceKey: readCaller(context).spaceKey,
  });
  if (!choice) return undefined;
  const { createdAt: _createdAt, ...library } = choice.library;
  return { library, reason: choice.reason };
}

/** The Ask macro's functions (see src/contract/ask.ts: AskApi). */
export const askFunctions = {
  getStatus: resolver({
    access: 'anyone',
    allowUnlicensed: true,
    input: askPayloads.getStatus,
    run: (_input, { viewer, caller }) => usecases.uiStatus(viewer, { licensed: caller.licensed, moduleKey: caller.moduleKey, checkAdmin: false }),
  }),
  getMacroContext: resolver({
    access: 'anyone',
    input: askPayloads.getMacroContext,
    run: async (_input, { viewer, context }): Promise<MacroContext> => {
      const records = await libraries().list();
      const all = await usecases.macroLibraries({ list: async () => records }, viewer);
      const read = macroConfig(context);
      // A broken config leaves the macro unconfigured here, so its settings dialog can still load and fix it.
      const choice = 'config' in read ? chosenLibrary(all, records, read.config, context) : undefined;
      return { ...(choice ? { library: choice.library, chosenBy: choice.reason } : {}), libraries: all };
    },
  }),
  ask: resolver({
    access: 'anyone',
    input: askPayloads.ask,
    // Who may ask is the Library's visibility (askLibrary checks it): a public Library answers anonymous visitors.
    run: async (input, { actor, context, viewer }) => {
      // First, before any other storage read: a person over their budget costs one list, not a question's reads.
      await askBudget().take(actor);
      const read = macroConfig(context);
      if ('problem' in read) throw new LibraryError('invalid', read.problem);
      const records = await libraries().list();
      const library = chosenLibrary(await usableLibraries(records), records, read.config, context)?.library;
      if (!library) throw new LibraryError('not_found', 'Choose a Library in this macro\'s settings first.');
      // Forge LLM is asked only when the Library has synthesis on; askLibrary decides.
      return usecases.askQuestion(askDeps(new ForgeLlmSynthesizer()), { libraryId: library.id, question: input.question, spaceKeys: read.config.spaceKeys, accountId: actor }, (keys) => viewer.readableSpaceKeys(keys));
    },
  }),
};

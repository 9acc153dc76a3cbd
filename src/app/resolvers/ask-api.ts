import { LibraryError, chooseLibrary } from '../../core/library';
import { ForgeLlmSynthesizer } from '../adapters/llm';
import type { Caller, PlatformContext } from '../context';
import { readCaller } from '../context';
import { ask, libraries } from '../services';
import type { AskApi } from './contract';
import { handle, toResolverError, type ResolverRequest } from './respond';
import { uiStatus } from './who';

/** The macro's saved config, read from the platform context (never from the payload). */
function macroConfig(context: unknown): { libraryId?: string; spaceKeys?: string[] } {
  const config = (context as PlatformContext)?.extension?.config ?? {};
  const libraryId = typeof config.libraryId === 'string' ? config.libraryId : undefined;
  const spaceKeys = Array.isArray(config.spaceKeys) ? config.spaceKeys.filter((key): key is string => typeof key === 'string') : undefined;
  return { libraryId, spaceKeys };
}

async function usableLibraries() {
  return (await libraries().list())
    .filter((library) => !library.deletingSince)
    .map((library) => ({ id: library.id, name: library.name, spaceKeys: (library.source?.spaces ?? []).map((space) => space.key), createdAt: library.createdAt }));
}

const summary = ({ id, name, spaceKeys }: { id: string; name: string; spaceKeys: string[] }) => ({ id, name, spaceKeys });

/** The macro's Library (src/core/library/default-library.ts): its settings, else the page's space, else the only one. */
async function chosenLibrary(context: unknown) {
  const all = await usableLibraries();
  const choice = chooseLibrary(all, { configuredId: macroConfig(context).libraryId, spaceKey: readCaller(context as PlatformContext).spaceKey });
  return { all, choice: choice && { library: summary(choice.library), reason: choice.reason } };
}

const getStatus = (_payload: void, caller: Caller) => uiStatus(caller, { checkAdmin: false });

/** The Ask macro's functions (see contract.ts: AskApi). */
export const askFunctions = {
  getStatus: handle('ask', getStatus, { allowUnlicensed: true }),
  getMacroContext: async (request: ResolverRequest) => {
    try {
      const { all, choice } = await chosenLibrary(request.context);
      return { ...(choice ? { library: choice.library, chosenBy: choice.reason } : {}), libraries: all.map(summary) } satisfies Exclude<AskApi['getMacroContext']['result'], { error: unknown }>;
    } catch (error) {
      return toResolverError('ask', error);
    }
  },
  ask: async (request: ResolverRequest) => {
    const caller = readCaller(request.context as PlatformContext);
    return handle('ask', async (payload: AskApi['ask']['payload']) => {
      // Who may ask is the Library's visibility (askLibrary checks it): a public Library answers anonymous visitors.
      const library = (await chosenLibrary(request.context)).choice?.library;
      if (!library) throw new LibraryError('not_found', 'Choose a Library in this macro\'s settings first.');
      // Forge LLM is asked only when the Library has synthesis on; askLibrary decides.
      return ask(
        { libraryId: library.id, question: payload.question, spaceKeys: macroConfig(request.context).spaceKeys, accountId: caller.accountId ?? undefined },
        new ForgeLlmSynthesizer(),
      );
    })(request);
  },
};

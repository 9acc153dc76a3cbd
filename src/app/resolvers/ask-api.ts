import { LibraryError } from '../../core/library';
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
    .map((library) => ({ id: library.id, name: library.name, spaceKeys: (library.source?.spaces ?? []).map((space) => space.key) }));
}

/** The macro's Library: the configured one, or the only one there is. */
async function chosenLibrary(context: unknown) {
  const all = await usableLibraries();
  const { libraryId } = macroConfig(context);
  if (libraryId) return all.find((library) => library.id === libraryId);
  return all.length === 1 ? all[0] : undefined;
}

const getStatus = (_payload: void, caller: Caller) => uiStatus(caller, { checkAdmin: false });

/** The Ask macro's functions (see contract.ts: AskApi). */
export const askFunctions = {
  getStatus: handle('ask', getStatus, { allowUnlicensed: true }),
  getMacroContext: async (request: ResolverRequest) => {
    try {
      const library = await chosenLibrary(request.context);
      return { ...(library ? { library } : {}), libraries: await usableLibraries() } satisfies Exclude<AskApi['getMacroContext']['result'], { error: unknown }>;
    } catch (error) {
      return toResolverError('ask', error);
    }
  },
  ask: async (request: ResolverRequest) => {
    const caller = readCaller(request.context as PlatformContext);
    return handle('ask', async (payload: AskApi['ask']['payload']) => {
      // Who may ask is the Library's visibility (askLibrary checks it): a public Library answers anonymous visitors.
      const library = await chosenLibrary(request.context);
      if (!library) throw new LibraryError('not_found', 'Choose a Library in this macro\'s settings first.');
      // Forge LLM is asked only when the Library has synthesis on; askLibrary decides.
      return ask(
        { libraryId: library.id, question: payload.question, spaceKeys: macroConfig(request.context).spaceKeys, accountId: caller.accountId ?? undefined },
        new ForgeLlmSynthesizer(),
      );
    })(request);
  },
};

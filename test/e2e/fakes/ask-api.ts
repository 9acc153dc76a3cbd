import type { Answer, AskApi, UiStatus } from '../../../src/contract';
import type { ResolverInvocation } from '../../../sandbox/ui';
import { chooseLibrary } from '../../../src/core/library/default-library';

type MacroContext = Exclude<AskApi['getMacroContext']['result'], { error: unknown }>;
type LibraryRef = MacroContext['libraries'][number];

/** What the fake answers, switched by words in the question, so each test picks a state by what it asks. */
export interface FakeAskApiOptions {
  libraries: LibraryRef[];
  /** Where citations link to (the sandbox's own page URLs, so following one loads a page). */
  pageUrl: (pageId: string, anchor: string) => string;
}

/**
 * A stand-in for `askResolver` behind the UI host: the AskApi contract with canned answers. Like the real one it
 * reads the Library from the macro's saved config (`extension.config`), never from the browser.
 */
export class FakeAskApi {
  readonly calls: ResolverInvocation[] = [];
  /** Questions are held here until the test lets them through, so the loading state can be seen. */
  private gate: Promise<void> = Promise.resolve();
  private openGate: () => void = () => undefined;
  private failuresLeft = 0;

  constructor(private readonly options: FakeAskApiOptions) {}

  holdAnswers(): void {
    this.gate = new Promise((resolve) => (this.openGate = resolve));
  }

  releaseAnswers(): void {
    this.openGate();
    this.gate = Promise.resolve();
  }

  /** The next `n` questions are refused with a resolver error. */
  failNext(n: number): void {
    this.failuresLeft = n;
  }

  readonly invoke = async (invocation: ResolverInvocation): Promise<unknown> => {
    this.calls.push(invocation);
    switch (invocation.functionKey) {
      case 'getStatus':
        return { accountId: invocation.accountId, displayName: 'Member', licensed: true, moduleKey: invocation.moduleKey, isSiteAdmin: false, comingSoon: false } satisfies UiStatus;
      case 'getMacroContext':
        return this.macroContext(invocation.extension.config, invocation.extension.space?.key);
      case 'ask':
        return this.ask(invocation);
      default:
        return { error: { code: 'not_found', message: `No resolver function ${invocation.functionKey}` } };
    }
  };

  private macroContext(config: Record<string, unknown> | undefined, spaceKey: string | undefined): AskApi['getMacroContext']['result'] {
    const { libraries } = this.options;
    // The real rule (src/core/library/default-library.ts): saved setting, else the page's space, else the only one.
    const choice = chooseLibrary(libraries.map((l, i) => ({ ...l, createdAt: i })), { configuredId: typeof config?.libraryId === 'string' ? config.libraryId : undefined, spaceKey });
    if (!choice) return { libraries };
    const { createdAt: _createdAt, ...chosen } = choice.library;
    const narrowed = Array.isArray(config?.spaceKeys) ? chosen.spaceKeys.filter((k) => (config.spaceKeys as unknown[]).includes(k)) : [];
    return { library: { ...chosen, spaceKeys: narrowed.length ? narrowed : chosen.spaceKeys }, chosenBy: choice.reason, libraries };
  }

  private async ask(invocation: ResolverInvocation): Promise<Answer | { error: { code: 'unavailable'; message: string } }> {
    await this.gate;
    const context = this.macroContext(invocation.extension.config, invocation.extension.space?.key);
    if ('error' in context || !context.library) throw new Error('the fake was asked without a Library');
    if (this.failuresLeft > 0) {
      this.failuresLeft -= 1;
      return { error: { code: 'unavailable', message: 'Confluence did not answer in time. Try again in a moment.' } };
    }
    const question = String((invocation.payload as { question?: unknown }).question ?? '');
    const searched = { libraryId: context.library.id, libraryName: context.library.name, spaceKeys: context.library.spaceKeys };
    const url = this.options.pageUrl;
    if (/unicorn/i.test(question)) return { kind: 'nothing', question, mode: 'extractive', passages: [], citations: [], searched };
    if (/evil/i.test(question)) {
      const text = 'Careful: <img src=x onerror="window.__pwned=1"> and <script>window.__pwned=2</script> are shown as typed.';
      return {
        kind: 'answer',
        question,
        mode: 'extractive',
        passages: [{ text, highlights: [{ start: 9, end: 52 }], citations: [1] }],
        citations: [{ n: 1, pageId: '102', title: 'Escaping <b>guide</b>', spaceKey: 'ENG', headingPath: ['<i>HTML</i>'], url: url('102', 'html') }],
        searched,
      };
    }
    const rollback = 'To roll back a deploy, run deploy rollback with the release id. The previous build is restored within two minutes.';
    const extractive: Answer = {
      kind: 'answer',
      question,
      mode: 'extractive',
      passages: [
        { text: rollback, highlights: [{ start: 0, end: 63 }], citations: [1, 2] },
        { text: 'Rollbacks page the on-call SRE. Check the dashboard afterwards.', highlights: [{ start: 0, end: 31 }], citations: [3] },
      ],
      citations: [
        { n: 1, pageId: '102', title: 'Deploy runbook', spaceKey: 'ENG', headingPath: ['Deploys', 'Rollback'], url: url('102', 'rollback') },
        { n: 2, pageId: '103', title: 'Release checklist', spaceKey: 'ENG', headingPath: ['Rollback'], url: url('103', 'rollback') },
        { n: 3, pageId: '104', title: 'On-call guide', spaceKey: 'SRE', headingPath: [], url: url('104', '') },
      ],
      searched,
    };
    if (/summar/i.test(question)) {
      return {
        ...extractive,
        mode: 'synthesis',
        synthesis: { text: 'Run deploy rollback with the release id [1][2]; it pages the on-call SRE [3].\n\nNothing else is needed [9].', removedCitations: 1 },
      };
    }
    if (/model/i.test(question)) return { ...extractive, synthesisFallback: 'The language model took too long; showing the passages instead.' };
    return extractive;
  }
}

import { view } from '@forge/bridge';

/**
 * Asks the host to apply Confluence's light or dark theme to this frame (it sets `data-color-mode` on <html>,
 * which tokens.css follows). Hosts without theming just keep the light fallbacks, so failure is ignored.
 */
export async function enableTheme(): Promise<void> {
  try {
    await view.theme.enable();
  } catch {
    // Older hosts have no theming; the light fallbacks in tokens.css still apply.
  }
}

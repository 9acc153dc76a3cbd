import type { SettingsDeps } from './ports';

export interface SendTestNotificationCommand {
  libraryId: string;
}

/** A site admin sends a harmless test notice through the Library's channel; a NotifyError says what to fix. */
export async function sendTestNotification(deps: SettingsDeps, input: SendTestNotificationCommand): Promise<{ sent: true; channel: 'confluence-mention' | 'smtp' }> {
  const library = await deps.libraries.require(input.libraryId);
  const delivery = await deps.notifier.sendTest(library.id);
  return { sent: true, channel: delivery.channel };
}

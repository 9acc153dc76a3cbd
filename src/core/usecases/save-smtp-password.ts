import type { SettingsDeps } from './ports';

export interface SaveSmtpPasswordCommand {
  libraryId: string;
  password: string;
}

/**
 * A site admin stores the SMTP password of the Library's mail channel, as a secret bound to the channel's host:
 * it is sent to that host only, and a new host needs it entered again.
 */
export async function saveSmtpPassword(deps: SettingsDeps, input: SaveSmtpPasswordCommand): Promise<{ saved: true }> {
  await deps.notifier.saveSmtpPassword(input.libraryId, input.password);
  return { saved: true };
}

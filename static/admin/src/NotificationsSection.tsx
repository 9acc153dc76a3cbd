import { useState, type FormEvent } from 'react';
import type { LibrarySummary, NotificationChannel } from '../../../src/contract';
import { Banner, Button, TextField } from '../../shared';
import { Checkbox, RadioGroup, Section, type RadioOption } from '../../shared/controls';
import { useAction } from '../../shared/settings';
import { admin, type OnLibraryChange } from './api';

type Kind = NotificationChannel['kind'];

const KINDS: Array<RadioOption<Kind>> = [
  {
    value: 'confluence-mention',
    label: 'Confluence @-mention',
    badge: 'Default',
    description: 'Librarian @-mentions the site admins on a status page it keeps; Confluence sends them its usual notification email.',
  },
  {
    value: 'smtp',
    label: 'Email through your SMTP server',
    tone: 'warning',
    description: 'Sends mail to addresses you choose. This egress costs the app its “Runs on Atlassian” badge.',
  },
];

interface Form {
  kind: Kind;
  spaceKey: string;
  host: string;
  port: string;
  secure: boolean;
  from: string;
  to: string;
  username: string;
  /** Never filled from the server: the saved password stays a Forge secret. */
  password: string;
}

function formFrom(channel: NotificationChannel): Form {
  const empty = { spaceKey: '', host: '', port: '587', secure: false, from: '', to: '', username: '', password: '' };
  if (channel.kind === 'smtp') {
    return { ...empty, kind: 'smtp', host: channel.host, port: String(channel.port), secure: channel.secure, from: channel.from, to: channel.to.join(', '), username: channel.username ?? '' };
  }
  return { ...empty, kind: 'confluence-mention', spaceKey: channel.spaceKey ?? '' };
}

type Checked = { channel: NotificationChannel } | { problems: Partial<Record<keyof Form, string>> };

function check(form: Form): Checked {
  if (form.kind === 'confluence-mention') {
    const spaceKey = form.spaceKey.trim();
    return { channel: { kind: 'confluence-mention', ...(spaceKey ? { spaceKey } : {}) } };
  }
  const problems: Partial<Record<keyof Form, string>> = {};
  const port = Number(form.port);
  const to = form.to.split(/[,;\s]+/).filter(Boolean);
  if (!form.host.trim()) problems.host = 'Enter the SMTP server’s host name.';
  if (!Number.isInteger(port) || port < 1 || port > 65535) problems.port = 'Enter a port from 1 to 65535.';
  if (!/^[^\s@]+@[^\s@]+$/.test(form.from.trim())) problems.from = 'Enter the sender’s email address.';
  if (to.length === 0 || to.some((address) => !/^[^\s@]+@[^\s@]+$/.test(address))) problems.to = 'Enter one or more email addresses, separated by commas.';
  if (Object.keys(problems).length) return { problems };
  const username = form.username.trim();
  return { channel: { kind: 'smtp', host: form.host.trim(), port, secure: form.secure, from: form.from.trim(), to, ...(username ? { username } : {}) } };
}

/** How admins hear that a Library needs reauthorization: a Confluence mention (default) or SMTP mail. */
export function NotificationsSection({
  summary,
  notification,
  editable,
  onChange,
}: {
  summary: LibrarySummary;
  notification: NotificationChannel;
  editable: boolean;
  onChange: OnLibraryChange;
}) {
  const { library } = summary;
  const [form, setForm] = useState<Form>(() => formFrom(notification));
  const [problems, setProblems] = useState<Partial<Record<keyof Form, string>>>({});
  const [notice, setNotice] = useState<string | undefined>();
  const save = useAction();
  const test = useAction();
  const set = <K extends keyof Form>(key: K, value: Form[K]) => {
    setNotice(undefined);
    setForm((current) => ({ ...current, [key]: value }));
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const checked = check(form);
    if ('problems' in checked) {
      setProblems(checked.problems);
      return;
    }
    setProblems({});
    void save.run(async () => {
      const updated = await admin('updateLibrary', { libraryId: library.id, notification: checked.channel });
      if (checked.channel.kind === 'smtp' && form.password) await admin('setSmtpPassword', { libraryId: library.id, password: form.password });
      onChange(updated);
      setForm((current) => ({ ...current, password: '' }));
      setNotice('Notification settings saved.');
    });
  };

  const sendTest = () =>
    void test.run(async () => {
      const { channel } = await admin('sendTestNotification', { libraryId: library.id });
      setNotice(channel === 'smtp' ? 'Test email sent through your SMTP server.' : 'Test notification sent: the site admins were @-mentioned in Confluence.');
    });

  const smtp = form.kind === 'smtp';
  const disabled = !editable || save.busy;
  return (
    <Section title="Notifications" description="Who is told, and how, when this Library’s authorization lapses and syncing stops.">
      <form className="lib-stack-md" onSubmit={submit} aria-label="Notification settings" noValidate>
        <RadioGroup legend="Send notices by" hideLegend value={form.kind} options={KINDS} disabled={disabled} onChange={(kind) => set('kind', kind)} />
        {smtp ? (
          <>
            <Banner appearance="warning" title="This costs the “Runs on Atlassian” badge">
              Mail to your own SMTP server leaves Atlassian’s infrastructure, so the app is no longer eligible for the badge once this is saved. Confluence
              @-mentions keep it.
            </Banner>
            <div className="lib-grid-2">
              <TextField label="SMTP host" value={form.host} disabled={disabled} error={problems.host} autoComplete="off" onChange={(e) => set('host', e.currentTarget.value)} />
              <TextField label="Port" inputMode="numeric" value={form.port} disabled={disabled} error={problems.port} onChange={(e) => set('port', e.currentTarget.value)} />
              <TextField label="From address" type="email" value={form.from} disabled={disabled} error={problems.from} onChange={(e) => set('from', e.currentTarget.value)} />
              <TextField
                label="Send to"
                value={form.to}
                disabled={disabled}
                error={problems.to}
                description="Separate addresses with commas."
                onChange={(e) => set('to', e.currentTarget.value)}
              />
              <TextField label="Username (optional)" value={form.username} disabled={disabled} autoComplete="off" onChange={(e) => set('username', e.currentTarget.value)} />
              <TextField
                label="Password"
                type="password"
                value={form.password}
                disabled={disabled}
                autoComplete="new-password"
                description="Stored as a Forge secret, never shown again and sent only to this host. Leave empty to keep the saved one; a new host needs it again."
                onChange={(e) => set('password', e.currentTarget.value)}
              />
            </div>
            <Checkbox label="Use TLS from the start (SMTPS, usually port 465)" checked={form.secure} disabled={disabled} onChange={(secure) => set('secure', secure)} />
          </>
        ) : (
          <div style={{ maxWidth: 320 }}>
            <TextField
              label="Space for the status page (optional)"
              value={form.spaceKey}
              disabled={disabled}
              description="The key of the space where Librarian keeps its status page."
              onChange={(e) => set('spaceKey', e.currentTarget.value)}
            />
          </div>
        )}
        {editable ? (
          <div className="lib-actions">
            <Button type="submit" appearance="primary" isLoading={save.busy}>
              Save notifications
            </Button>
            <Button onClick={sendTest} isLoading={test.busy} disabled={save.busy}>
              Send test notification
            </Button>
          </div>
        ) : null}
        {notice ? <Banner appearance="success">{notice}</Banner> : null}
        {save.error ? (
          <Banner appearance="error" title="Notification settings were not saved">
            {save.error}
          </Banner>
        ) : null}
        {test.error ? (
          <Banner appearance="error" title="The test notification was not sent">
            {test.error}
          </Banner>
        ) : null}
      </form>
    </Section>
  );
}

// Gotify's API served by the notification service, driven by the gotify-client library: applications,
// clients, messages sent and read and deleted, the WebSocket stream; and email through a local SMTP server.
import { GotifyClient } from 'gotify-client';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { testAdminHeaders } from '../security/test-credentials.js';
import { type RunningNotifications, startTestNotifications } from './notification-test-context.js';

const clientToken = 'Cbootstrap-test-client-token';
const mails: { to: string[]; data: string }[] = [];
let smtp: SMTPServer;
let smtpPort = 0;
let running: RunningNotifications;

beforeAll(async () => {
  smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    onData(stream, session, callback) {
      let data = '';
      stream.on('data', (chunk: Buffer) => {
        data += chunk.toString('utf8');
      });
      stream.on('end', () => {
        mails.push({ to: session.envelope.rcptTo.map((each) => each.address), data });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
  smtpPort = (smtp.server.address() as { port: number }).port;
  running = await startTestNotifications({
    secrets: { gotify_token: clientToken },
    notifications: {
      email: {
        host: '127.0.0.1',
        port: smtpPort,
        secure: false,
        from: 'ats@example.test',
        to: ['ops@example.test'],
      },
      routes: [{ kinds: ['*'], min_severity: 'warning', channels: ['email'] }],
      retry: { attempts: 2, backoff: '10ms' },
    },
  });
}, 180_000);

afterAll(async () => {
  await running?.close();
  await new Promise<void>((resolve) => smtp.close(() => resolve()));
});

describe('the Gotify-compatible API', () => {
  it('lets a Gotify client create an application, send with its token, read, stream and delete messages', async () => {
    const asClient = new GotifyClient(running.url, { client: clientToken });
    const application = await asClient.application.createApp({
      name: 'trading-desk',
      description: 'desk alerts',
    });
    expect(application.token).toMatch(/^A/);
    expect((await asClient.application.getApps()).map((each) => each.name)).toContain('trading-desk');

    // The stream sees a message the moment it is stored.
    const streamed = new Promise<Record<string, unknown>>((resolve, reject) => {
      const socket = new WebSocket(`${running.url.replace('http', 'ws')}/stream?token=${clientToken}`);
      socket.on('message', (data) => {
        resolve(JSON.parse(String(data)) as Record<string, unknown>);
        socket.close();
      });
      socket.on('error', reject);
      socket.on('open', () => sendMessage());
    });
    const asApplication = new GotifyClient(running.url, { app: application.token });
    let sent: Promise<{ id: number }> | null = null;
    const sendMessage = () => {
      sent = asApplication.message.createMessage({
        title: 'Fill rate low',
        message: 'only 40% of orders filled in the last hour',
        priority: 6,
        extras: { 'client::display': { contentType: 'text/plain' } },
      });
    };
    const message = await streamed;
    const created = await (sent as unknown as Promise<{ id: number }>);
    expect(message).toMatchObject({
      id: created.id,
      appid: application.id,
      title: 'Fill rate low',
      priority: 6,
    });

    const page = await asClient.message.getMessages({ limit: 10 });
    expect(page.messages.map((each) => each.message)).toContain('only 40% of orders filled in the last hour');
    expect(page.paging.size).toBe(page.messages.length);

    // Priority 6 is a warning: routed to email, delivered to the SMTP server and recorded as sent.
    await expect.poll(() => mails.length, { timeout: 20_000 }).toBeGreaterThan(0);
    expect(mails[0]?.to).toEqual(['ops@example.test']);
    expect(mails[0]?.data).toContain('Subject: [ATS WARNING] Fill rate low');
    await running.service.dispatcher.drain();
    const record = await running.app.inject({
      method: 'GET',
      url: `/notifications/${created.id}`,
      headers: testAdminHeaders,
    });
    expect(record.json().deliveries).toEqual([
      expect.objectContaining({ channel: 'email', status: 'sent', attempts: 1 }),
    ]);

    await asClient.message.deleteMessage(created.id);
    expect((await asClient.message.getMessages({ limit: 10 })).messages.map((each) => each.id)).not.toContain(
      created.id,
    );
  });

  it('refuses a message without an application token, and reading with an application token', async () => {
    const anonymous = await fetch(`${running.url}/message`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ message: 'hello' }),
    });
    expect(anonymous.status).toBe(401);
    expect(await anonymous.json()).toMatchObject({ errorCode: 401 });
    const asClient = new GotifyClient(running.url, { client: clientToken });
    const application = await asClient.application.createApp({ name: 'reader-test' });
    const reading = await fetch(`${running.url}/message`, { headers: { 'x-gotify-key': application.token } });
    expect(reading.status).toBe(401);
    const noMessage = await fetch(`${running.url}/message`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-gotify-key': application.token },
      body: JSON.stringify({ title: 'no body' }),
    });
    expect(noMessage.status).toBe(400);
  });

  it("keeps a caller's X-Correlation-Id and echoes it, and gives a request without one its own", async () => {
    const kept = await fetch(`${running.url}/health`, { headers: { 'x-correlation-id': 'signal-1234' } });
    expect(kept.headers.get('x-correlation-id')).toBe('signal-1234');
    const unsafe = await fetch(`${running.url}/health`, {
      headers: { 'x-correlation-id': 'bad id with spaces' },
    });
    expect(unsafe.headers.get('x-correlation-id')).toMatch(/^[0-9a-f-]{36}$/);
  });
});

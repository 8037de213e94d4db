import { describe, expect, it } from 'vitest';
import { ConfigError, configProblems, loadConfig } from './config';
import { mailModeFor } from './mail/outbox';

const settings = (problems: { setting: string }[]) => problems.map((p) => p.setting);

describe('configuration', () => {
  it('creates no demo data unless DEMO_DATA=true is set explicitly', () => {
    expect(loadConfig({}).DEMO_DATA).toBe('false');
    expect(loadConfig({ DEMO_DATA: 'true' }).DEMO_DATA).toBe('true');
  });

  it('names each setting that does not parse', () => {
    expect(() => loadConfig({ PORT: 'eighty', DATABASE_URL: 'not a url' })).toThrow(ConfigError);
    try {
      loadConfig({ PORT: 'eighty', DATABASE_URL: 'not a url' });
    } catch (err) {
      expect(settings((err as ConfigError).problems).sort()).toEqual(['DATABASE_URL', 'PORT']);
    }
  });

  it('accepts a complete production configuration', () => {
    const config = loadConfig({
      NODE_ENV: 'production',
      PUBLIC_ORIGIN: 'https://s11.example.org',
      DATABASE_URL: 'postgres://s11@db/s11',
      METRICS_PORT: '9464',
      SMTP_URL: 'smtp://relay.example.org:587',
    });
    expect(configProblems(config)).toEqual([]);
  });

  it.each([
    [{ NODE_ENV: 'production', MAIL_DISABLED: 'true' }, ['PUBLIC_ORIGIN']],
    [
      { NODE_ENV: 'production', PUBLIC_ORIGIN: 'http://s11.example.org', MAIL_DISABLED: 'true' },
      ['PUBLIC_ORIGIN'],
    ],
    [{ PUBLIC_ORIGIN: 'https://s11.example.org/portal' }, ['PUBLIC_ORIGIN']],
    [
      {
        NODE_ENV: 'production',
        PUBLIC_ORIGIN: 'https://s11.example.org',
        DEMO_DATA: 'true',
        MAIL_DISABLED: 'true',
      },
      ['DEMO_DATA'],
    ],
    // The development mailbox does not exist in production: a relay, or mail said to be off.
    [{ NODE_ENV: 'production', PUBLIC_ORIGIN: 'https://s11.example.org' }, ['SMTP_URL']],
    [{ PORT: '9000', METRICS_PORT: '9000' }, ['METRICS_PORT']],
    [{ SESSION_IDLE_MINUTES: '900', SESSION_ABSOLUTE_HOURS: '12' }, ['SESSION_IDLE_MINUTES']],
    [{ SHUTDOWN_DELAY_SECONDS: '30', SHUTDOWN_TIMEOUT_SECONDS: '25' }, ['SHUTDOWN_DELAY_SECONDS']],
  ])('refuses %j: %j', (env, expected) => {
    expect(settings(configProblems(loadConfig(env)))).toEqual(expected);
  });

  it('allows plain http for a loopback origin in production (a local trial)', () => {
    const config = loadConfig({
      NODE_ENV: 'production',
      PUBLIC_ORIGIN: 'http://localhost:8080',
      MAIL_DISABLED: 'true',
    });
    expect(configProblems(config)).toEqual([]);
  });

  it('chooses the mail mode: a relay, the development mailbox (never in production), or none', () => {
    expect(mailModeFor(loadConfig({}))).toBe('development');
    expect(mailModeFor(loadConfig({ SMTP_URL: 'smtp://127.0.0.1:2525' }))).toBe('smtp');
    expect(mailModeFor(loadConfig({ MAIL_DISABLED: 'true' }))).toBe('disabled');
    expect(mailModeFor(loadConfig({ NODE_ENV: 'production', MAIL_DISABLED: 'true' }))).toBe(
      'disabled',
    );
  });
});

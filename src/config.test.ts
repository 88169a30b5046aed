import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.js';

describe('configuration', () => {
  it('defaults to the embedded database under ./data and port 3000', () => {
    const config = loadConfig({});
    expect(config.port).toBe(3000);
    expect(config.database).toEqual({ kind: 'pglite', dataDir: './data/db' });
    expect(config.keystore).toEqual({ kind: 'pglite', dataDir: './data/keystore' });
  });

  it('names every bad variable and what is wrong with it', () => {
    let error: unknown;
    try {
      loadConfig({ PORT: 'eighty', DATABASE_URL: 'mysql://x', POSTBAG_COOKIE_SECURE: 'yes', NODE_ENV: 'staging' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const problems = (error as ConfigError).problems.join('\n');
    expect(problems).toMatch(/PORT must be a number/);
    expect(problems).toMatch(/DATABASE_URL must be a postgres:\/\/ or postgresql:\/\/ URL/);
    expect(problems).toMatch(/POSTBAG_COOKIE_SECURE must be true or false/);
    expect(problems).toMatch(/NODE_ENV/);
  });

  it('requires a key store database and a request role URL when the main database is a server', () => {
    expect(() => loadConfig({ DATABASE_URL: 'postgres://localhost/postbag', POSTBAG_REQUEST_DATABASE_URL: 'postgres://web@localhost/postbag' })).toThrow(
      /POSTBAG_KEYSTORE_URL is required/,
    );
    expect(() => loadConfig({ DATABASE_URL: 'postgres://localhost/a', POSTBAG_KEYSTORE_URL: 'postgres://localhost/a_keys' })).toThrow(
      /POSTBAG_REQUEST_DATABASE_URL is required when DATABASE_URL is set: requests connect as a login role that owns no table/,
    );
    expect(() => loadConfig({ POSTBAG_REQUEST_DATABASE_URL: 'postgres://web@localhost/a' })).toThrow(/POSTBAG_REQUEST_DATABASE_URL needs DATABASE_URL/);
    const config = loadConfig({
      DATABASE_URL: 'postgres://localhost/a',
      POSTBAG_REQUEST_DATABASE_URL: 'postgres://web@localhost/a',
      POSTBAG_KEYSTORE_URL: 'postgres://localhost/a_keys',
    });
    expect(config.database).toEqual({ kind: 'postgres', url: 'postgres://localhost/a' });
    expect(config.requests).toEqual({ kind: 'postgres', url: 'postgres://web@localhost/a' });
    expect(config.keystore).toEqual({ kind: 'postgres', url: 'postgres://localhost/a_keys' });
  });

  it('has no separate request role on the embedded database', () => {
    expect(loadConfig({}).requests).toBeNull();
  });

  it('takes the public site address for links in e-mails, https and required in production', () => {
    expect(loadConfig({ PORT: '4000' }).publicUrl).toBe('http://localhost:4000');
    expect(loadConfig({ POSTBAG_PUBLIC_URL: 'https://contact.example.org/' }).publicUrl).toBe('https://contact.example.org');
    expect(() => loadConfig({ POSTBAG_PUBLIC_URL: 'https://contact.example.org/subscribe' })).toThrow(/POSTBAG_PUBLIC_URL must be an origin only/);
    expect(() => loadConfig({ POSTBAG_PUBLIC_URL: 'ftp://contact.example.org' })).toThrow(/POSTBAG_PUBLIC_URL must be an http:\/\/ or https:\/\/ URL/);
    expect(() => loadConfig({ NODE_ENV: 'production', POSTBAG_MASTER_KEY: 'x' })).toThrow(/POSTBAG_PUBLIC_URL is required in production and must be an https:\/\/ URL/);
    expect(() => loadConfig({ NODE_ENV: 'production', POSTBAG_PUBLIC_URL: 'http://contact.example.org' })).toThrow(/POSTBAG_PUBLIC_URL is required in production/);
    expect(loadConfig({ NODE_ENV: 'production', POSTBAG_PUBLIC_URL: 'https://contact.example.org' }).publicUrl).toBe('https://contact.example.org');
  });
});

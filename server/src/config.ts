/**
 * Configuration, from environment variables only (documented in the README).
 * Parsed once at start; a bad value stops the server with a clear message.
 */
import { z } from 'zod';
import { fileURLToPath } from 'node:url';

const ConfigSchema = z.object({
  PORT: z.coerce.number().int().min(1).max(65535).default(8080),
  HOST: z.string().default('0.0.0.0'),
  DATA_DIR: z.string().default('./data'),
  DATABASE_URL: z.string().url().optional(),
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  /** The public origin, e.g. https://s11.example.org; requests from other origins are refused. */
  PUBLIC_ORIGIN: z.string().url().optional(),
  SMTP_URL: z.string().url().optional(),
  MAIL_FROM: z.string().default('S11 Portal <no-reply@localhost>'),
  /** Demo data on first start with an empty database ("false" to turn off). Refused in production. */
  DEMO_DATA: z.enum(['true', 'false']).default('true'),
  SESSION_IDLE_MINUTES: z.coerce.number().int().min(5).default(240),
  SESSION_ABSOLUTE_HOURS: z.coerce.number().int().min(1).default(12),
  /** Behind a reverse proxy: take the client address from X-Forwarded-For. */
  TRUST_PROXY: z.enum(['true', 'false']).default('false'),
  LOG_LEVEL: z.enum(['silent', 'info']).default('info'),
  WEB_DIST: z.string().default(fileURLToPath(new URL('../../web/dist', import.meta.url))),
});

export type Config = z.infer<typeof ConfigSchema>;

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = ConfigSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new Error(`Invalid configuration:\n${lines.join('\n')}`);
  }
  return parsed.data;
}

export { createApp, type AppType } from './app';
export type { AppDeps } from './app-env';
export { loadConfig, type Config } from './config';
export { openDatabase, openPglite, openPostgres, type Database, type Db } from './db/client';

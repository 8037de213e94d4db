/** What the PostgreSQL global setup provides to test files. */
declare module 'vitest' {
  export interface ProvidedContext {
    pgUrl: string;
  }
}

export {};

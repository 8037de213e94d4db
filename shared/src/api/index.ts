/**
 * Request and response schemas of the HTTP API, one module per resource,
 * used by the server's routes (and so by the OpenAPI document) and the web.
 */
export * from './health';
export * from './auth';
export * from './password';
export * from './invitations';
export * from './service';
export * from './organisations';
export * from './second-factor';
export * from './sso';
export * from './cycles';
export * from './returns';
export * from './people';
export * from './audit';
export * from './mailbox';
export * from './reports';

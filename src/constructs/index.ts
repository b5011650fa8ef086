export * from './labels';
export * from './mcp-app';
export * from './mcp-namespace';
export * from './naming';
export * from './probes';
export * from './security';
export * from './transport';

export * from './errors.ts';
export * from './clock.ts';
export * from './password.ts';
export * from './audit-chain.ts';
export * from './org.ts';
export * from './access.ts';

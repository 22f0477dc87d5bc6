export * from './endpoint.ts';
export * as auth from './auth.ts';
export * as org from './org.ts';
export * as admin from './admin.ts';
export * as system from './system.ts';
export type { MeT } from './auth.ts';
export type { UnitT, PersonT, PostT, RegionT } from './org.ts';
export type { UserAccountT } from './admin.ts';

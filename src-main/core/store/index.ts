export * from './engagement-store';
export * from './audit-log';
export * from './artifact-store';
export * from './stored-files';
export * from './context';
export * from './file-checks';
export { LATEST_SCHEMA_VERSION, migrate, migrations, schemaVersion } from './migrations/index';

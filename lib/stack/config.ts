/**
 * The app's user-facing contract: CDK context keys (defaults in cdk.json, overridable with
 * `-c key=value`), parsed and validated into a typed configuration before any construct is built.
 * One reader per concept lives in config/; this module is what the rest of the project imports.
 */
export { ConfigError } from './config/config-error';
export { type DeployStage } from './config/deploy-stages';
export { type AppConfig, parseConfig } from './config/parse-config';
export { type OidcProviderSource } from './config/provider';
export { ROLE_MAX_SESSION_SECONDS } from './config/role';
export { type ContextReader, type SettingKey, SETTINGS } from './config/settings';
export { TRUST_POLICY_MAX_CHARS } from './config/trust-policy-size';
export { type RegistryConfig, parseSettings } from './config/parse-config';
export { type PullAccess, grantsPull } from './config/pull-access';

/** Injection tokens for what the platform provides to every service. */
export const SERVICE_CONFIG = Symbol('SERVICE_CONFIG');
export const BROKER_CLIENT = Symbol('BROKER_CLIENT');

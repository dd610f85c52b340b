// The egress module's public surface: what the rest of the auditor (and tests, scripts) import.
export {
  AllowListError,
  allowHosts,
  blockedReason,
  EgressRefusal,
  normalHost,
  parseAllowList,
  resolveChecked,
  type AllowList,
  type EgressFailure,
  type Lookup,
} from './address-policy.ts';
export { DEFAULT_POLITENESS, parseRetryAfter, type HostStats, type PolitenessOptions } from './host-gate.ts';
export { startEgress, type Egress, type EgressOptions, type Refusal } from './proxy.ts';

// The operator's controls the checks read: the kill switch (account-wide), the manual override mode
// (strategies' signals refused, operators' orders pass), per-symbol halts (reconciliation), and the
// restricted list. The engine keeps them; a store makes them survive restarts.
export class RiskControls {
  killSwitch: { readonly reason: string } | null = null;
  manualOverride: { readonly reason: string } | null = null;
  readonly symbolHalts = new Map<string, string>();
  readonly restricted = new Map<string, string>();
}

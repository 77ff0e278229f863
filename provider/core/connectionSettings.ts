import { connectionSource, LabeledSource, resolveSettings, ResolvedSettings } from "../inputs/config";
import { ConnectionInputs } from "../inputs/types";

/**
 * A resource's settings by the provider's rule: its `connection`, then the fallbacks (the stack's
 * `genauth:*` config, then `GENAUTH_*`), fixed from one `configure` to the next. Each resolution is
 * remembered, keyed by what the connection sets, so `check` and the method that follows it in the
 * same process (and every resource with the same connection) resolve once: the result depends on
 * nothing else. A new `configure` builds a new one.
 */
export class ConnectionSettings {
  private readonly resolved = new Map<string, ResolvedSettings>();

  constructor(readonly fallbacks: readonly LabeledSource[]) {}

  /** The sources in priority order, first wins. */
  sources(connection: ConnectionInputs | undefined): LabeledSource[] {
    return [connectionSource(connection), ...this.fallbacks];
  }

  /** {@link resolveSettings} of {@link sources}, computed once per distinct connection. */
  resolve(connection: ConnectionInputs | undefined): ResolvedSettings {
    const sources = this.sources(connection);
    // The connection's settings as read (booleans as text), in table order: equal keys, equal sources.
    const key = JSON.stringify(sources[0].values);
    let resolved = this.resolved.get(key);
    if (!resolved) {
      resolved = resolveSettings(sources);
      this.resolved.set(key, resolved);
    }
    return resolved;
  }
}

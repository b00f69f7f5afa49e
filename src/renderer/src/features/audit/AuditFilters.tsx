import { useAppStore } from '../../stores/appStore'
import { clearAuditFilter, setAuditFilter } from './actions'

const toLocal = (ms: number | undefined) =>
  ms === undefined ? '' : new Date(ms - new Date(ms).getTimezoneOffset() * 60_000).toISOString().slice(0, 16)
const fromLocal = (v: string) => (v ? new Date(v).getTime() : undefined)
const num = (v: string) => (v === '' ? undefined : Number(v))

/** Filter bar of the audit viewer; every change reloads the table. */
export function AuditFilters() {
  const f = useAppStore((s) => s.auditFilter)
  return (
    <div className="audit-filters" role="search">
      <input
        className="audit-search"
        type="search"
        placeholder="Search masked previews, ids, hashes, codes…  (/)"
        aria-label="Search"
        data-testid="audit-search"
        value={f.q ?? ''}
        onChange={(e) => setAuditFilter({ q: e.target.value })}
      />
      <label>
        From{' '}
        <input
          type="datetime-local"
          data-testid="audit-from"
          value={toLocal(f.from)}
          onChange={(e) => setAuditFilter({ from: fromLocal(e.target.value) })}
        />
      </label>
      <label>
        To{' '}
        <input
          type="datetime-local"
          data-testid="audit-to"
          value={toLocal(f.to)}
          onChange={(e) => setAuditFilter({ to: fromLocal(e.target.value) })}
        />
      </label>
      <input
        placeholder="User"
        aria-label="User"
        data-testid="audit-user"
        value={f.user ?? ''}
        onChange={(e) => setAuditFilter({ user: e.target.value })}
      />
      <input
        placeholder="Model"
        aria-label="Model"
        data-testid="audit-model"
        value={f.model ?? ''}
        onChange={(e) => setAuditFilter({ model: e.target.value })}
      />
      <input
        placeholder="Prompt id"
        aria-label="Prompt"
        data-testid="audit-prompt"
        value={f.promptId ?? ''}
        onChange={(e) => setAuditFilter({ promptId: e.target.value })}
      />
      <select
        aria-label="Status"
        data-testid="audit-status"
        value={f.status ?? ''}
        onChange={(e) => setAuditFilter({ status: e.target.value })}
      >
        <option value="">Any status</option>
        <option value="OK">OK</option>
        <option value="error">Any error</option>
        <option value="SERVER_ERROR">SERVER_ERROR</option>
        <option value="RATE_LIMITED">RATE_LIMITED</option>
        <option value="TIMEOUT">TIMEOUT</option>
        <option value="AUTH">AUTH</option>
        <option value="GUARD_BLOCKED">GUARD_BLOCKED</option>
        <option value="CANCELLED">CANCELLED</option>
        <option value="ALERT_FIRED">ALERT_FIRED</option>
        <option value="ESCALATION_RESOLVED">ESCALATION_RESOLVED</option>
      </select>
      <select
        aria-label="Cache"
        data-testid="audit-cache"
        value={f.cacheStatus ?? ''}
        onChange={(e) => setAuditFilter({ cacheStatus: e.target.value })}
      >
        <option value="">Any cache</option>
        <option value="hit">hit</option>
        <option value="miss">miss</option>
        <option value="none">none</option>
      </select>
      <select
        aria-label="Guard verdict"
        data-testid="audit-guard"
        value={f.guard ?? ''}
        onChange={(e) => setAuditFilter({ guard: e.target.value })}
      >
        <option value="">Any guard verdict</option>
        <option value="blocked">blocked</option>
        <option value="flagged">flagged</option>
        <option value="masked">PII masked</option>
        <option value="clean">clean</option>
      </select>
      <label>
        Cost $
        <input
          type="number"
          min={0}
          step={0.001}
          placeholder="min"
          aria-label="Minimum cost"
          data-testid="audit-cost-min"
          value={f.costMin ?? ''}
          onChange={(e) => setAuditFilter({ costMin: num(e.target.value) })}
        />
        –
        <input
          type="number"
          min={0}
          step={0.001}
          placeholder="max"
          aria-label="Maximum cost"
          data-testid="audit-cost-max"
          value={f.costMax ?? ''}
          onChange={(e) => setAuditFilter({ costMax: num(e.target.value) })}
        />
      </label>
      <button onClick={clearAuditFilter} data-testid="audit-clear">
        Clear
      </button>
    </div>
  )
}

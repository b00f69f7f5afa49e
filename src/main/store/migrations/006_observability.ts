/**
 * Observability (issue 7): one fact row per call, time rollups that keep dashboard queries
 * fast at a million calls, and alert firings.
 *
 * - `calls` is clustered by time (WITHOUT ROWID, primary key (ts, run_id)) so every time-range
 *   query is a contiguous range scan of the table itself.
 * - `calls_rollup` holds sums and a sparse log-scale latency histogram (`lat_hist`, 1 % relative
 *   accuracy) per time slot, at three levels: hourly per prompt (for the prompt filter), hourly for all
 *   prompts (prompt_id '') and five-minutely for all prompts (short ranges, sub-hour buckets). The key
 *   leads with (grain, prompt_id) so each level is one contiguous range. Since 008 it is folded in
 *   batches from `calls_pending` (and before every rollup read, so readers never see it lag).
 */
export const up = `
CREATE TABLE calls (
  ts INTEGER NOT NULL,
  run_id TEXT NOT NULL,
  latency_ms REAL NOT NULL,
  ttft_ms REAL,
  input_tokens INTEGER NOT NULL DEFAULT 0,
  output_tokens INTEGER NOT NULL DEFAULT 0,
  cached_tokens INTEGER NOT NULL DEFAULT 0,
  cost_usd REAL NOT NULL DEFAULT 0,
  provider TEXT NOT NULL,
  model TEXT NOT NULL,
  prompt_id TEXT NOT NULL,
  prompt_version INTEGER NOT NULL,
  route_type TEXT,
  cache_status TEXT NOT NULL,
  error_code TEXT,
  error_group TEXT,
  guard_verdict TEXT,
  source TEXT NOT NULL,
  feedback INTEGER,
  PRIMARY KEY (ts, run_id)
) WITHOUT ROWID;
CREATE UNIQUE INDEX calls_run ON calls(run_id);
CREATE INDEX calls_model_ts ON calls(model, ts);
CREATE INDEX calls_prompt_ts ON calls(prompt_id, ts);
-- error codes are few: errorsByCode walks the distinct codes (loose index scan) and counts each code's time range
CREATE INDEX calls_errors ON calls(error_code, ts) WHERE error_code IS NOT NULL;

CREATE TABLE calls_rollup (
  grain INTEGER NOT NULL,
  prompt_id TEXT NOT NULL,
  t INTEGER NOT NULL,
  provider TEXT NOT NULL,
  model TEXT NOT NULL,
  n INTEGER NOT NULL DEFAULT 0,
  errors INTEGER NOT NULL DEFAULT 0,
  err_rate_limit INTEGER NOT NULL DEFAULT 0,
  err_timeout INTEGER NOT NULL DEFAULT 0,
  err_auth INTEGER NOT NULL DEFAULT 0,
  err_server INTEGER NOT NULL DEFAULT 0,
  err_network INTEGER NOT NULL DEFAULT 0,
  err_guard INTEGER NOT NULL DEFAULT 0,
  err_other INTEGER NOT NULL DEFAULT 0,
  cancelled INTEGER NOT NULL DEFAULT 0,
  latency_sum REAL NOT NULL DEFAULT 0,
  ttft_sum REAL NOT NULL DEFAULT 0,
  ttft_n INTEGER NOT NULL DEFAULT 0,
  input_tokens INTEGER NOT NULL DEFAULT 0,
  output_tokens INTEGER NOT NULL DEFAULT 0,
  cached_tokens INTEGER NOT NULL DEFAULT 0,
  cost_usd REAL NOT NULL DEFAULT 0,
  cache_hits INTEGER NOT NULL DEFAULT 0,
  fb_up INTEGER NOT NULL DEFAULT 0,
  fb_down INTEGER NOT NULL DEFAULT 0,
  lat_hist BLOB,
  PRIMARY KEY (grain, prompt_id, t, provider, model)
) WITHOUT ROWID;

CREATE TABLE alert_events (
  id TEXT PRIMARY KEY,
  rule_id TEXT NOT NULL,
  kind TEXT NOT NULL,
  fired_at INTEGER NOT NULL,
  cleared_at INTEGER,
  acked_at INTEGER,
  value REAL NOT NULL,
  threshold REAL NOT NULL,
  message TEXT NOT NULL
);
CREATE INDEX alert_events_fired ON alert_events(fired_at DESC);
CREATE INDEX alert_events_open ON alert_events(rule_id) WHERE cleared_at IS NULL;
`

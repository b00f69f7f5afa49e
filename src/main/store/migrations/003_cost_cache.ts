/** Answer cache (exact and semantic) and its hit counters. Times are epoch milliseconds. */
export const up = `
CREATE TABLE cache_entries (
  key TEXT PRIMARY KEY,
  scope TEXT NOT NULL,
  prompt_id TEXT,
  model TEXT NOT NULL,
  answered_by TEXT NOT NULL,
  output TEXT NOT NULL,
  finish_reason TEXT,
  usage_json TEXT NOT NULL,
  streamed INTEGER NOT NULL DEFAULT 0,
  size_bytes INTEGER NOT NULL,
  created_at INTEGER NOT NULL,
  expires_at INTEGER NOT NULL,
  hits INTEGER NOT NULL DEFAULT 0,
  last_hit_at INTEGER
);
CREATE INDEX cache_entries_prompt ON cache_entries(prompt_id);
CREATE INDEX cache_entries_expires ON cache_entries(expires_at);
CREATE TABLE cache_vectors (
  key TEXT PRIMARY KEY REFERENCES cache_entries(key) ON DELETE CASCADE,
  scope TEXT NOT NULL,
  embed_model TEXT NOT NULL,
  dim INTEGER NOT NULL,
  vector BLOB NOT NULL
);
CREATE INDEX cache_vectors_scope ON cache_vectors(scope, embed_model);
CREATE TABLE cache_counters (
  day TEXT NOT NULL,
  prompt_id TEXT NOT NULL,
  hits INTEGER NOT NULL DEFAULT 0,
  misses INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (day, prompt_id)
);
`

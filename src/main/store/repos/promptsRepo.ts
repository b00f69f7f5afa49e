import type { Db } from '../openDatabase'
import type { PromptConfig } from '../../../shared/domain/promptConfig'
import type { PromptSummary, PromptVersion } from '../../../shared/domain/prompt'
import { canonicalHash } from '../hash'

interface VersionRow {
  prompt_id: string
  version: number
  message: string
  config_json: string
  content_hash: string
  created_at: string
}

const toVersion = (r: VersionRow): PromptVersion => ({
  promptId: r.prompt_id,
  version: r.version,
  message: r.message,
  createdAt: r.created_at,
  contentHash: r.content_hash,
  config: JSON.parse(r.config_json) as PromptConfig,
})

export function createPromptsRepo(db: Db, now: () => Date) {
  const selectVersion = db.prepare<[string, number], VersionRow>(
    'SELECT * FROM prompt_versions WHERE prompt_id = ? AND version = ?',
  )
  const selectLatest = db.prepare<[string], VersionRow>(
    'SELECT v.* FROM prompt_versions v JOIN prompts p ON p.id = v.prompt_id AND p.latest_version = v.version WHERE p.id = ?',
  )

  return {
    list(query?: string): PromptSummary[] {
      const like = `%${(query ?? '').replace(/[%_\\]/g, (c) => '\\' + c)}%`
      return db
        .prepare<[string, string], { id: string; name: string; latest_version: number; status: string; updated_at: string }>(
          "SELECT * FROM prompts WHERE name LIKE ? ESCAPE '\\' OR id LIKE ? ESCAPE '\\' ORDER BY updated_at DESC",
        )
        .all(like, like)
        .map((r) => ({
          id: r.id,
          name: r.name,
          latestVersion: r.latest_version,
          status: r.status as PromptSummary['status'],
          updatedAt: r.updated_at,
        }))
    },

    get(id: string, version?: number): PromptVersion | undefined {
      const row = version === undefined ? selectLatest.get(id) : selectVersion.get(id, version)
      return row ? toVersion(row) : undefined
    },

    versions(id: string): Omit<PromptVersion, 'config'>[] {
      return db
        .prepare<[string], VersionRow>('SELECT * FROM prompt_versions WHERE prompt_id = ? ORDER BY version DESC')
        .all(id)
        .map((r) => {
          const { config: _config, ...rest } = toVersion(r)
          return rest
        })
    },

    /**
     * Stores the config as a new version (numbered after the latest stored one) unless it is
     * identical to the latest version, in which case that version is returned unchanged.
     */
    save(config: PromptConfig, message: string): PromptVersion {
      return db.transaction((): PromptVersion => {
        const latest = selectLatest.get(config.id)
        const { version: _v, ...content } = config
        const contentHash = canonicalHash(content)
        if (latest && latest.content_hash === contentHash) return toVersion(latest)
        const version = latest ? latest.version + 1 : 1
        const stored: PromptConfig = { ...config, version }
        const ts = now().toISOString()
        db.prepare(
          `INSERT INTO prompts (id, name, latest_version, status, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)
           ON CONFLICT(id) DO UPDATE SET name = excluded.name, latest_version = excluded.latest_version,
             status = excluded.status, updated_at = excluded.updated_at`,
        ).run(config.id, config.name, version, config.status, ts, ts)
        db.prepare(
          'INSERT INTO prompt_versions (prompt_id, version, message, config_json, content_hash, created_at) VALUES (?, ?, ?, ?, ?, ?)',
        ).run(config.id, version, message, JSON.stringify(stored), contentHash, ts)
        return toVersion(selectVersion.get(config.id, version)!)
      })()
    },

    count(): number {
      return (db.prepare('SELECT COUNT(*) AS n FROM prompts').get() as { n: number }).n
    },
  }
}

export type PromptsRepo = ReturnType<typeof createPromptsRepo>

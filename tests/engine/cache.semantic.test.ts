import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { PromptConfigInput } from '../../src/shared/domain/promptConfig'
import { createEngine, type Engine } from '../../src/main/engine/createEngine'
import { openStore } from '../../src/main/store'
import { cosine, fakeEmbedding, reply, startFakeOpenAI, type FakeOpenAI } from '../fixtures/fakeOpenAI'

const config = (overrides: Partial<PromptConfigInput> = {}): PromptConfigInput => ({
  schema: 'promptops/v1',
  id: 'semantic-faq',
  name: 'Semantic FAQ',
  system: { role: 'You answer questions about Acme accounts.', task: 'Answer briefly.' },
  user: '{{input}}',
  variables: { input: { required: true } },
  model: { primary: 'openai/gpt-4o-mini', params: { temperature: 0 } },
  retry: { attempts: 1, multiplier: 1, minMs: 0, maxMs: 0 },
  cache: { mode: 'semantic', ttl: '7d', threshold: 0.75 },
  ...overrides,
})

const ORIGINAL = 'How do I reset my password?'
const PARAPHRASE = 'How can I reset my password?'

let fake: FakeOpenAI
let engine: Engine
beforeEach(async () => {
  fake = await startFakeOpenAI()
  engine = createEngine({ store: openStore(':memory:'), env: { OPENAI_BASE_URL: fake.baseURL, OPENAI_API_KEY: 'sk-test' } })
  fake.setDefault(reply((body) => `answer #${fake.chatRequests().length} to ${JSON.stringify(body.messages).length} chars`))
})
afterEach(async () => {
  engine.close()
  await fake.close()
})

const ask = (input: string, cfg = config()) => engine.run({ config: cfg, vars: { input }, source: 'test', stream: false })
const embeddingRequests = () => fake.requests.filter((r) => r.path === '/v1/embeddings')

describe('semantic cache', () => {
  it('a paraphrase is answered from the cache, with its similarity, without a second chat request', async () => {
    const similarity = cosine(fakeEmbedding(ORIGINAL), fakeEmbedding(PARAPHRASE))
    expect(similarity).toBeGreaterThan(0.75)
    expect(similarity).toBeLessThan(0.999)

    const first = await ask(ORIGINAL)
    const second = await ask(PARAPHRASE)
    expect(fake.chatRequests()).toHaveLength(1)
    expect(second.cached).toBe(true)
    expect(second.output).toBe(first.output)
    expect(second.cacheSimilarity).not.toBeNull()
    expect(second.cacheSimilarity!).toBeCloseTo(similarity, 4)
    // The embeddings went to the provider's /v1/embeddings, with the shortened dimensions.
    expect(embeddingRequests()).toHaveLength(2)
    expect(embeddingRequests()[0]!.body).toMatchObject({ model: 'text-embedding-3-small', dimensions: 256 })
  })

  it('an unrelated question is a miss', async () => {
    await ask(ORIGINAL)
    const other = await ask('What is the refund window for annual plans?')
    expect(other.cached).toBe(false)
    expect(fake.chatRequests()).toHaveLength(2)
  })

  it('never crosses system prompts, examples, models or params', async () => {
    await ask(ORIGINAL)
    const otherSystem = await ask(PARAPHRASE, config({ system: { role: 'You are a pirate.', task: 'Answer briefly.' } }))
    const withExample = await ask(PARAPHRASE, config({ examples: [{ input: 'Hi', output: 'Hello', enabled: true }] }))
    const otherModel = await ask(PARAPHRASE, config({ model: { primary: 'openai/gpt-4o', params: { temperature: 0 } } }))
    const otherParams = await ask(PARAPHRASE, config({ model: { primary: 'openai/gpt-4o-mini', params: { temperature: 1 } } }))
    for (const run of [otherSystem, withExample, otherModel, otherParams]) {
      expect(run.cached).toBe(false)
      expect(run.cacheSimilarity).toBeNull()
    }
    expect(fake.chatRequests()).toHaveLength(5)
  })

  it('below the threshold is a miss', async () => {
    await ask(ORIGINAL, config({ cache: { mode: 'semantic', ttl: '7d', threshold: 0.99 } }))
    const run = await ask(PARAPHRASE, config({ cache: { mode: 'semantic', ttl: '7d', threshold: 0.99 } }))
    expect(run.cached).toBe(false)
  })

  it('works with the echo provider without any network (local embeddings)', async () => {
    const cfg = config({ model: { primary: 'echo/test', params: {} } })
    await ask(ORIGINAL, cfg)
    const run = await ask(PARAPHRASE, cfg)
    expect(run.cached).toBe(true)
    expect(run.cacheSimilarity!).toBeGreaterThan(0.75)
    expect(fake.requests).toHaveLength(0)
  })

  it('vectors are stored as float32 blobs and survive a restart of the engine', async () => {
    await ask(ORIGINAL)
    const row = engine.store.db.prepare('SELECT dim, length(vector) AS bytes FROM cache_vectors').get() as { dim: number; bytes: number }
    expect(row).toEqual({ dim: 256, bytes: 1024 })
    const again = createEngine({ store: engine.store, env: { OPENAI_BASE_URL: fake.baseURL, OPENAI_API_KEY: 'sk-test' } })
    const run = await again.run({ config: config(), vars: { input: PARAPHRASE }, source: 'test', stream: false })
    expect(run.cached).toBe(true)
  })

  it('sees answers another process stored after its index was loaded (the CLI beside the app)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'semantic-'))
    const env = { OPENAI_BASE_URL: fake.baseURL, OPENAI_API_KEY: 'sk-test' }
    const app = createEngine({ store: openStore(join(dir, 'p.db')), env })
    const cli = createEngine({ store: openStore(join(dir, 'p.db')), env })
    try {
      const run = (e: Engine, input: string) => e.run({ config: config(), vars: { input }, source: 'test', stream: false })
      expect((await run(app, 'What is the refund window for annual plans?')).cached).toBe(false) // loads the app's index
      expect((await run(cli, ORIGINAL)).cached).toBe(false) // stored by the other connection
      const chats = fake.chatRequests().length
      const hit = await run(app, PARAPHRASE)
      expect(hit.cached).toBe(true)
      expect(fake.chatRequests()).toHaveLength(chats)
    } finally {
      app.close()
      cli.close()
      rmSync(dir, { recursive: true, force: true })
    }
  })
})

import { randomUUID } from 'node:crypto'
import type { PromptConfig } from '../../../shared/domain/promptConfig'
import type { ChatMessage, ParsedRunRequest, RunResult } from '../../../shared/domain/run'
import { canonicalHash } from '../../store/hash'
import type { EngineContext } from '../engineContext'
import { BUILT_IN_PROVIDERS } from '../providers/registry'
import { GuardBlockedError, runInputGuards, type GuardedInput } from './inputGuards'
import { runOutputGuards } from './outputGuards'

/**
 * Pipeline step 2 (input guards). A blocked prompt is not sent; it still gets an audit row
 * (status GUARD_BLOCKED, hashes and signals only) and the EngineError goes to the caller.
 */
export function guardInput(
  ctx: EngineContext,
  config: PromptConfig,
  composed: { messages: ChatMessage[]; context: string | null },
  vars: Readonly<Record<string, string>>,
  meta: { version: number; request: ParsedRunRequest },
): GuardedInput {
  try {
    const guarded = runInputGuards(ctx.detectInjection, config, composed, vars)
    const { injection } = guarded.report
    if (injection.action !== 'none') {
      ctx.log.log('info', 'guard.injection', { promptId: config.id, action: injection.action, score: Math.max(injection.input?.score ?? 0, injection.context?.score ?? 0) })
    }
    return guarded
  } catch (e) {
    if (e instanceof GuardBlockedError) {
      ctx.store.audit.append({
        id: randomUUID(),
        ts: new Date(ctx.clock.now()).toISOString(),
        user: ctx.user,
        runId: null,
        promptId: config.id,
        promptVersion: meta.version,
        model: meta.request.model ?? config.model.primary,
        promptHash: canonicalHash(composed.messages),
        responseHash: null,
        inputTokens: 0,
        outputTokens: 0,
        costUsd: null,
        latencyMs: null,
        status: 'GUARD_BLOCKED',
        cacheStatus: 'none',
        details: { source: meta.request.source, guards: { blocked: e.details } },
      })
      ctx.log.log('warn', 'guard.blocked', { promptId: config.id, guard: e.details.guard, signals: e.details.signals.join(',') })
    }
    throw e
  }
}

/**
 * Pipeline step 7 (output guards). Returns the run as shown to the caller (answer restored per
 * policy) and the run as stored (placeholders kept, variables masked, secrets and canary redacted).
 */
export function guardOutput(ctx: EngineContext, config: PromptConfig, guarded: GuardedInput, run: RunResult): { shown: RunResult; stored: RunResult } {
  const knownKeys = [...new Set([...ctx.customProviders(), ...BUILT_IN_PROVIDERS].map((p) => ctx.secrets(p.name, p.keyEnv)).filter((k): k is string => Boolean(k)))]
  const out = runOutputGuards(config, guarded, run.output, knownKeys)
  if (out.report.flagged) ctx.log.log('info', 'guard.output', { runId: run.id, signals: out.report.signals.join(',') })
  const guards = { ...run.guards, ...guarded.report, output: out.report }
  return {
    shown: { ...run, output: out.shown, guards },
    stored: { ...run, output: out.stored, vars: guarded.vars, guards },
  }
}

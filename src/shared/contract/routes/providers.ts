import { z } from 'zod'
import { ModelNameSchema } from '../../domain/promptConfig'
import { ProviderInfoSchema } from './models'

const ProviderNameSchema = z
  .string()
  .regex(/^[a-z0-9][a-z0-9_-]{0,39}$/, 'use lower-case letters, digits, "-" or "_" (e.g. "together")')
const isHttpUrl = (v: string): boolean => {
  try {
    return /^https?:$/.test(new URL(v).protocol)
  } catch {
    return false
  }
}
// One check, one message: a value like "127.0.0.1:5599/v1" is neither a URL nor http(s), and saying both reads twice.
const BaseUrlSchema = z.string().refine(isHttpUrl, 'give the full http:// or https:// URL, e.g. "https://api.together.xyz/v1"')
const KeyEnvSchema = z.string().regex(/^[A-Z_][A-Z0-9_]*$/, 'an environment variable name such as "TOGETHER_API_KEY"')

/** A custom provider (settings key `providers`); `apiKey`, when given, goes to the OS keychain, never to the database. */
export const ProviderSaveSchema = z.object({
  name: ProviderNameSchema,
  baseUrl: BaseUrlSchema,
  keyEnv: KeyEnvSchema.nullable().default(null),
  apiKey: z.string().min(1).max(1000).optional(),
})

export const KeyStorageSchema = z.enum(['safeStorage', 'environment'])

export const DefaultModelsSchema = z.object({
  /** The model a new prompt run starts on when the prompt names none. */
  editor: ModelNameSchema.default('echo/test'),
  /** The columns the compare view opens with (2 to 4). */
  compare: z.array(ModelNameSchema).min(2).max(4).default(['echo/test', 'openai/gpt-4o-mini']),
})

const KeyResultSchema = z.object({ stored: z.boolean(), reason: z.string().nullable() })

export const providerRoutes = {
  /** Every provider (custom ones first) with `hasKey` only — keys never reach the renderer — and where keys are kept. */
  'providers.list': {
    input: z.object({}).default({}),
    output: z.object({ providers: z.array(ProviderInfoSchema), keyStorage: KeyStorageSchema }),
  },
  'providers.save': {
    input: ProviderSaveSchema,
    output: z.object({ provider: ProviderInfoSchema, key: KeyResultSchema.nullable() }),
  },
  /** Removes a custom provider (a built-in of the same name comes back). */
  'providers.delete': { input: z.object({ name: ProviderNameSchema }), output: z.object({ deleted: z.boolean() }) },
  /** Stores an API key in the OS keychain (desktop app only). */
  'providers.setKey': { input: z.object({ name: ProviderNameSchema, apiKey: z.string().min(1).max(1000) }), output: KeyResultSchema },
  /** GET {baseUrl}/models through the provider adapter; a saved provider by name, or an unsaved base URL. */
  'providers.test': {
    input: z.object({ name: ProviderNameSchema, baseUrl: BaseUrlSchema.optional(), keyEnv: KeyEnvSchema.nullable().optional() }),
    output: z.object({ provider: z.string(), models: z.array(z.string()), latencyMs: z.number().nonnegative() }),
  },
  'defaults.get': { input: z.object({}).default({}), output: DefaultModelsSchema },
  'defaults.set': { input: DefaultModelsSchema, output: DefaultModelsSchema },
} as const

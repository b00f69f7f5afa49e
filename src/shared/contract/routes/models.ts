import { z } from 'zod'

export const ProviderInfoSchema = z.object({
  name: z.string(),
  baseUrl: z.string().nullable(),
  keyEnv: z.string().nullable(),
  hasKey: z.boolean(),
  builtIn: z.boolean(),
})

export const modelRoutes = {
  'models.list': {
    input: z.object({}).default({}),
    output: z.object({ providers: z.array(ProviderInfoSchema), suggested: z.array(z.string()) }),
  },
} as const

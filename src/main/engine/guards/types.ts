/** Shared shapes of the guard layer. Verdicts hold names, scores, counts and hashes — never raw text. */

export type InjectionVerdictName = 'allow' | 'flag' | 'block'
export type InjectionChannel = 'input' | 'context'

export interface InjectionResult {
  /** 0..1; noisy-OR of the weights of the rules that fired, blended with the model's probability. */
  score: number
  verdict: InjectionVerdictName
  /** Names of the rules that fired, strongest first. */
  signals: string[]
}

export type PiiType =
  | 'EMAIL'
  | 'PHONE'
  | 'CREDIT_CARD'
  | 'IBAN'
  | 'IP_ADDRESS'
  | 'US_SSN'
  | 'PERSON'
  | 'ORGANIZATION'
  | 'ADDRESS'

/** Checksummed/structured types; names, organisations and addresses are best-effort and reported apart. */
export const STRUCTURED_PII: readonly PiiType[] = ['EMAIL', 'PHONE', 'CREDIT_CARD', 'IBAN', 'IP_ADDRESS', 'US_SSN']

export interface PiiSpan {
  type: PiiType
  start: number
  end: number
}

import { describe, expect, it } from 'vitest'
import { ibanValid, luhnValid, ssnValid } from '../../src/main/engine/guards/pii/checksums'
import { createPiiVault } from '../../src/main/engine/guards/pii/maskPii'
import { recognizePii } from '../../src/main/engine/guards/pii/recognizePii'

const types = (text: string, entities = false) => recognizePii(text, { entities }).map((s) => [s.type, text.slice(s.start, s.end)])

describe('structured PII recognizers', () => {
  it('finds emails, phones, cards, IBANs, IPs and SSNs with exact spans', () => {
    const text = 'Mail a.b+c@mail.example.co.uk, call +44 20 7946 0958, card 4111-1111-1111-1111, IBAN GB82 WEST 1234 5698 7654 32, host 192.168.1.20 or 2001:db8::8a2e:370:7334, SSN 123-45-6789.'
    expect(types(text)).toEqual([
      ['EMAIL', 'a.b+c@mail.example.co.uk'],
      ['PHONE', '+44 20 7946 0958'],
      ['CREDIT_CARD', '4111-1111-1111-1111'],
      ['IBAN', 'GB82 WEST 1234 5698 7654 32'],
      ['IP_ADDRESS', '192.168.1.20'],
      ['IP_ADDRESS', '2001:db8::8a2e:370:7334'],
      ['US_SSN', '123-45-6789'],
    ])
  })

  it('accepts every Luhn-valid card length from 12 to 19 digits and rejects a bad check digit', () => {
    for (const card of ['675984103431', '4047737215142', '30288610434735', '347415977307943', '4454794511390933', '6011000990139424', '3530111333300000', '6304000000000000000'])
      expect(types(`card ${card} please`), card).toEqual([['CREDIT_CARD', card]])
    expect(types('card 4111 1111 1111 1112 please')).toEqual([])
    expect(luhnValid('79927398713')).toBe(true)
  })

  it('checks IBANs by mod 97 and country length, case-insensitively', () => {
    expect(ibanValid('gb42nawi04454264788619')).toBe(ibanValid('GB42NAWI04454264788619'))
    expect(ibanValid('DE89 3704 0044 0532 0130 00')).toBe(true)
    expect(ibanValid('DE89 3704 0044 0532 0130 01')).toBe(false)
    expect(ibanValid('DE89 3704 0044 0532 0130')).toBe(false)
  })

  it('applies SSN structure rules and ignores dates, years and postal codes as phones', () => {
    expect(ssnValid('000-12-3456')).toBe(false)
    expect(ssnValid('666-12-3456')).toBe(false)
    expect(ssnValid('123-00-4567')).toBe(false)
    expect(types('Founded in 1977. Date: 2006-04-07 09:00:27, ZIP: 75534-030, licence 6940579.')).toEqual([])
    expect(types('Phone: 467 3395')).toEqual([['PHONE', '467 3395']])
  })

  it('leaves run ids and timestamps alone: a UUID whose segments look like digits, 12+ bare digits', () => {
    expect(types('run 40812345-8a11-4dad-81ac-2ba62202874f failed')).toEqual([])
    expect(types('id 12345678-1234-1234-1234-123456789012')).toEqual([])
    expect(types('id 12345678-1234-1234-1234-123456789012, call 415-555-2671')).toEqual([['PHONE', '415-555-2671']])
    // Long bare digit runs are ids and millisecond timestamps, unless a phone word stands by or they are dialled (+, 00).
    expect(types('at 1733312345678 the job ended, order 4915112345670')).toEqual([])
    expect(types('mobile 4915112345670')).toEqual([['PHONE', '4915112345670']])
    expect(types('reach +4915112345670')).toEqual([['PHONE', '+4915112345670']])
    // An access log line's status and size are not a phone; its client IP is still an IP.
    expect(types('10.0.3.21 - - [10/Oct/2024:13:55:36 -0700] "GET /item/42 HTTP/1.1" 200 2000')).toEqual([['IP_ADDRESS', '10.0.3.21']])
  })

  it('finds names, organisations and addresses only when asked (best effort)', () => {
    const text = 'My name is Sara Schwarz and I work at Microbilt Corporation, 138 Consul Place, Apt. 050.'
    expect(types(text)).toEqual([])
    expect(types(text, true)).toEqual(
      expect.arrayContaining([
        ['PERSON', 'Sara Schwarz'],
        ['ORGANIZATION', 'Microbilt Corporation'],
        ['ADDRESS', '138 Consul Place'],
        ['ADDRESS', 'Apt. 050'],
      ]),
    )
  })
})

describe('PII in multi-MB text', () => {
  it('finds every span of a pasted log with 200,000 of them (no stack overflow, overlaps still resolved by priority)', () => {
    // Addresses of at most six digits: not phone-shaped, so libphonenumber is not what is timed.
    const lines = Array.from({ length: 100_000 }, (_, i) => `user${i}@example.com from 1.${Math.floor(i / 10_000)}.${Math.floor(i / 100) % 100}.${i % 100}\n`)
    const text = lines.join('')
    const started = Date.now()
    const spans = recognizePii(text, { entities: false })
    expect(spans).toHaveLength(200_000)
    expect(spans.filter((s) => s.type === 'EMAIL')).toHaveLength(100_000)
    expect(text.slice(spans[199_999]!.start, spans[199_999]!.end)).toBe('1.9.99.99')
    // Overlap resolution used to compare each span with every kept one: minutes for this text.
    expect(Date.now() - started).toBeLessThan(10_000)
  })
})

describe('PII vault', () => {
  it('masks with stable numbered placeholders and restores them, per type when asked', () => {
    const vault = createPiiVault()
    const a = 'ana@example.com wrote to bo@example.com; cc ana@example.com, card 4111111111111111'
    const masked = vault.mask(a, recognizePii(a))
    expect(masked).toBe('<EMAIL_1> wrote to <EMAIL_2>; cc <EMAIL_1>, card <CREDIT_CARD_1>')
    expect(vault.mask('again ana@example.com', recognizePii('again ana@example.com'))).toBe('again <EMAIL_1>')
    expect(vault.restore(masked)).toBe(a)
    expect(vault.restore(masked, (t) => t === 'EMAIL')).toBe('ana@example.com wrote to bo@example.com; cc ana@example.com, card <CREDIT_CARD_1>')
    expect(vault.restore('unknown <EMAIL_9> stays')).toBe('unknown <EMAIL_9> stays')
    expect(vault.counts()).toEqual({ EMAIL: 2, CREDIT_CARD: 1 })
  })
})

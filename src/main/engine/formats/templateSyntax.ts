/**
 * Our templates fill `{{ name }}` only. Jinja2 / Nunjucks / Mustache constructs beyond that are kept
 * as literal text and named in a warning.
 */
export function unsupportedTemplateSyntax(text: string): string[] {
  const found = new Set<string>()
  for (const m of text.matchAll(/\{%-?\s*(\w+)[^%]*%\}/g)) found.add(`{% ${m[1]} %}`)
  for (const m of text.matchAll(/\{\{-?\s*([^}]*?)\s*-?\}\}/g)) {
    const inner = m[1]!
    if (/^[A-Za-z_][\w.-]*$/.test(inner)) continue
    found.add(`{{${inner.length > 40 ? inner.slice(0, 40) + '…' : inner}}}`)
  }
  for (const _ of text.matchAll(/\{#[\s\S]*?#\}/g)) found.add('{# comment #}')
  return [...found]
}

export function templateWarnings(where: string, text: string): string[] {
  const bad = unsupportedTemplateSyntax(text)
  return bad.length ? [`${where} uses template syntax promptops does not evaluate (${bad.join(', ')}); it is kept as literal text — rewrite it with plain {{variable}} placeholders`] : []
}

/** `{{ name }}` placeholders: letters, digits, `_`, `.` and `-`. */
const PLACEHOLDER = /\{\{\s*([A-Za-z_][\w.-]*)\s*\}\}/g

export function templateVariables(template: string): string[] {
  const names = new Set<string>()
  for (const m of template.matchAll(PLACEHOLDER)) names.add(m[1]!)
  return [...names]
}

/** Replaces known placeholders; unknown ones are left as written so a preview shows what is missing. */
export function renderTemplate(template: string, vars: Readonly<Record<string, string>>): string {
  return template.replace(PLACEHOLDER, (whole, name: string) => (name in vars ? vars[name]! : whole))
}

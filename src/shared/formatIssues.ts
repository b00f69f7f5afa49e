/** A zod-like issue, kept structural so this file needs no zod import. */
export interface IssueLike {
  path: ReadonlyArray<PropertyKey>
  message: string
  code?: string
}

export function issuePath(path: ReadonlyArray<PropertyKey>): string {
  return path.reduce<string>((acc, p) => (typeof p === 'number' ? `${acc}[${p}]` : acc ? `${acc}.${String(p)}` : String(p)), '')
}

/** One line per problem: "field: what is wrong". */
export function formatIssues(issues: readonly IssueLike[]): string {
  return issues.map((i) => `${issuePath(i.path) || '(top level)'}: ${i.message}`).join('\n')
}

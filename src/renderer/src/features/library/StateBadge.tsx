import type { PromptStatus } from '../../../../shared/domain/promptConfig'

const LABEL: Record<PromptStatus, string> = { draft: 'draft', 'in-review': 'in review', vetted: 'vetted' }

/** The review state; a vetted prompt whose content no longer matches its recorded hash is flagged. */
export function StateBadge({ status, modified }: { status: PromptStatus; modified: boolean }) {
  return (
    <>
      <span className={`state-badge state-${status}`} data-testid="state-badge">
        {LABEL[status]}
      </span>
      {modified && (
        <span className="state-badge state-modified" data-testid="state-modified" title="The content no longer matches the hash recorded when it was vetted">
          ⚠ modified since vetting
        </span>
      )}
    </>
  )
}

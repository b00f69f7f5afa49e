import type { PromptStatus } from '../../../../shared/domain/promptConfig'
import { ApiError, call, request } from '../../api/client'
import { getState, setState } from '../../stores/appStore'
import { downloadBlob } from '../dashboard/download'
import { refreshLibrary, showError } from '../editor/actions'

export type ExportFormat = 'promptops' | 'promptfoo' | 'prompty' | 'openai'

const yamlKey = (id: string, version: number) => `${id}@${version}`

/** Reloads the list and the integrity flags (a vetted prompt whose content no longer matches its hash). */
export async function refreshLibraryView(): Promise<void> {
  const [, integrity] = await Promise.all([refreshLibrary(), call('prompts.checkIntegrity', {})])
  if (integrity.ok) setState({ libIntegrity: Object.fromEntries(integrity.data.map((r) => [r.id, r])) })
}

export function setLibraryQuery(q: string): void {
  setState({ libQuery: q })
}

/** Selects a prompt: loads its versions, diffs the two newest and shows the answers each of them produced. */
export async function selectPrompt(id: string): Promise<void> {
  const same = getState().libSelected === id
  setState({ libSelected: id, ...(same ? {} : { libMatrix: null, libVet: null, libVersions: [], libLatest: null }) })
  try {
    const [versions, latest] = await Promise.all([request('prompts.versions', { id }), request('prompts.get', { id })])
    if (getState().libSelected !== id) return
    const newest = versions[0]?.version ?? null
    const older = versions[1]?.version ?? newest
    // Re-selecting keeps the reader's place unless a new version arrived (then it shows what that changed).
    const keep = same && getState().libVersions[0]?.version === newest && getState().libDiff.left !== null
    setState({
      libVersions: versions,
      libLatest: latest.config,
      libDiff: keep ? getState().libDiff : { left: older, right: newest },
      libFocusVersion: keep ? getState().libFocusVersion : newest,
    })
    const { libDiff } = getState()
    await Promise.all([loadYaml(id, libDiff.left), loadYaml(id, libDiff.right), loadRuns(id, libDiff.left), loadRuns(id, libDiff.right)])
  } catch (e) {
    showError(e)
  }
}

async function loadYaml(id: string, version: number | null): Promise<void> {
  if (version === null || getState().libYaml[yamlKey(id, version)] !== undefined) return
  const res = await call('prompts.export', { id, version, format: 'promptops', json: false })
  const text = res.ok ? res.data.text : `# ${res.error.code}: ${res.error.message}`
  setState({ libYaml: { ...getState().libYaml, [yamlKey(id, version)]: text } })
}

export function yamlOf(id: string | null, version: number | null): string | undefined {
  if (id === null || version === null) return undefined
  return getState().libYaml[yamlKey(id, version)]
}

export async function setDiffSide(side: 'left' | 'right', version: number): Promise<void> {
  const id = getState().libSelected
  if (!id) return
  setState({ libDiff: { ...getState().libDiff, [side]: version } })
  await Promise.all([loadYaml(id, version), loadRuns(id, version)])
}

/** Shows the answers a version produced and puts it on the right of the diff, its predecessor on the left. */
export async function focusVersion(version: number): Promise<void> {
  const id = getState().libSelected
  if (!id) return
  const versions = getState().libVersions
  const idx = versions.findIndex((v) => v.version === version)
  // What this version changed; the first version has no predecessor, so show what came after it.
  const older = versions[idx + 1]?.version
  const newer = versions[idx - 1]?.version
  const [left, right] = older !== undefined ? [older, version] : newer !== undefined ? [version, newer] : [version, version]
  setState({ libFocusVersion: version, libDiff: { left, right } })
  await Promise.all([loadYaml(id, left), loadYaml(id, right), loadRuns(id, left), loadRuns(id, right)])
}

async function loadRuns(id: string, version: number | null): Promise<void> {
  if (version === null) return
  const res = await call('runs.list', { promptId: id, promptVersion: version, limit: 50 })
  if (res.ok) setState({ libRunsBy: { ...getState().libRunsBy, [yamlKey(id, version)]: res.data } })
}

/** Saves an old version's content as a new version; restoring the previous one undoes it. */
export async function restoreVersion(version: number): Promise<void> {
  const id = getState().libSelected
  if (!id) return
  try {
    const old = await request('prompts.get', { id, version })
    const latest = getState().libVersions[0]?.version
    const saved = await request('prompts.save', { config: old.config, message: `restored v${version}` })
    const text =
      saved.version === latest
        ? `Version ${version} is the same as the latest; nothing to restore.`
        : `Restored v${version} as v${saved.version}. To undo, restore v${latest}.`
    setState({ notice: { kind: 'info', text } })
    await refreshLibraryView()
    await selectPrompt(id)
    await focusVersion(saved.version)
  } catch (e) {
    showError(e)
  }
}

export async function setStatus(status: PromptStatus): Promise<void> {
  const id = getState().libSelected
  if (!id) return
  try {
    await request('prompts.setStatus', { id, status })
    setState({ libVet: null })
    await refreshLibraryView()
    await selectPrompt(id)
  } catch (e) {
    showError(e)
  }
}

/** Runs the prompt's tests on its primary model; vetted only when all pass, else the failures are shown. */
export async function vetSelected(reviewer: string): Promise<void> {
  const id = getState().libSelected
  if (!id || getState().libVetting) return
  setState({ libVetting: true, libVet: null })
  try {
    const res = await request('prompts.vet', { id, reviewer })
    setState({ libVet: { vetted: res.vetted, failures: res.failures, reviewer }, libMatrix: res.matrix })
    await refreshLibraryView()
    await selectPrompt(id)
  } catch (e) {
    showError(e)
  } finally {
    setState({ libVetting: false })
  }
}

export function toggleTestModel(model: string): void {
  const list = getState().libTestModels
  setState({ libTestModels: list.includes(model) ? list.filter((m) => m !== model) : [...list, model] })
}

/** Runs the prompt's tests on every chosen model (tests × models). */
export async function runTestMatrix(): Promise<void> {
  const id = getState().libSelected
  const { libTestModels, libTesting } = getState()
  if (!id || libTesting) return
  setState({ libTesting: true })
  try {
    const matrix = await request('tests.run', { promptId: id, models: libTestModels })
    if (getState().libSelected === id) setState({ libMatrix: matrix })
  } catch (e) {
    showError(e)
  } finally {
    setState({ libTesting: false })
  }
}

/** Imports a prompt file (promptops YAML/JSON, promptfoo YAML, .prompty, OpenAI chat JSON) and shows its warnings. */
export async function importFile(file: File): Promise<void> {
  setState({ libImporting: true })
  try {
    const text = await file.text()
    const res = await call('prompts.import', { fileName: file.name, text, save: true })
    if (!res.ok) {
      setState({ libImport: null })
      showError(new ApiError(res.error))
      return
    }
    const { format, config, warnings, version } = res.data
    setState({ libImport: { fileName: file.name, format, promptId: config.id, version: version?.version ?? null, warnings }, notice: null })
    await refreshLibraryView()
    await selectPrompt(config.id)
  } catch (e) {
    showError(e)
  } finally {
    setState({ libImporting: false })
  }
}

export async function exportPrompt(id: string, format: ExportFormat): Promise<void> {
  try {
    const res = await request('prompts.export', { id, format, json: false })
    const type = res.fileName.endsWith('.json') ? 'application/json' : 'text/plain'
    downloadBlob(new Blob([res.text], { type }), res.fileName)
    const warn = res.warnings.length > 0 ? ` Not exported: ${res.warnings.join('; ')}` : ''
    setState({ notice: { kind: 'info', text: `Exported ${res.fileName} (${format}).${warn}` } })
  } catch (e) {
    showError(e)
  }
}

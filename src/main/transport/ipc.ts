import { ipcMain, type WebContents } from 'electron'
import { IPC_EVENT_CHANNEL, IPC_INVOKE_CHANNEL } from '../../shared/contract/wire'
import type { EngineEvent } from '../../shared/contract/events'
import type { Dispatch } from './dispatch'

/**
 * The IPC transport: the only transport importing electron. Requests are answered only for the
 * app's own window and its own document (sender check); events go to that window alone.
 */
export function registerIpcTransport(options: {
  dispatch: Dispatch
  subscribe(listener: (event: EngineEvent) => void): () => void
  isTrustedSender(sender: WebContents, frameUrl: string | undefined): boolean
  target(): WebContents | null
}): () => void {
  ipcMain.handle(IPC_INVOKE_CHANNEL, async (event, route: unknown, input: unknown) => {
    if (!options.isTrustedSender(event.sender, event.senderFrame?.url)) {
      return { ok: false, error: { code: 'UNAUTHORIZED', message: 'IPC from an untrusted frame was refused.' } }
    }
    if (typeof route !== 'string') return { ok: false, error: { code: 'INVALID_INPUT', message: 'Route must be a string.' } }
    return options.dispatch(route, input)
  })
  const unsubscribe = options.subscribe((event) => {
    const target = options.target()
    if (target && !target.isDestroyed()) target.send(IPC_EVENT_CHANNEL, event)
  })
  return () => {
    unsubscribe()
    ipcMain.removeHandler(IPC_INVOKE_CHANNEL)
  }
}

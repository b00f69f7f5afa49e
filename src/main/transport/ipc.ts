import { ipcMain, type WebContents } from 'electron'
import { IPC_EVENT_CHANNEL, IPC_INVOKE_CHANNEL } from '../../shared/contract/wire'
import type { EngineEvent } from '../../shared/contract/events'
import { coalesceDeltas } from './coalesceDeltas'
import type { Dispatch } from './dispatch'
import { createIpcHandler } from './ipcHandler'

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
  const handle = createIpcHandler(options.dispatch, (sender, url) => options.isTrustedSender(sender as WebContents, url))
  ipcMain.handle(IPC_INVOKE_CHANNEL, (event, route: unknown, input: unknown) => handle(event, route, input))
  const events = coalesceDeltas((event) => {
    const target = options.target()
    if (target && !target.isDestroyed()) target.send(IPC_EVENT_CHANNEL, event)
  })
  const unsubscribe = options.subscribe(events.listener)
  return () => {
    unsubscribe()
    events.dispose()
    ipcMain.removeHandler(IPC_INVOKE_CHANNEL)
  }
}

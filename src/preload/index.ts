// A pipe: one exposed object, the IPC event stripped, no logic.
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron'
import { BRIDGE_KEY, IPC_EVENT_CHANNEL, IPC_INVOKE_CHANNEL, type Transport } from '../shared/contract/wire'
import type { EngineEvent } from '../shared/contract/events'
import type { Result } from '../shared/contract/result'

const transport: Transport = {
  invoke: (route, input) => ipcRenderer.invoke(IPC_INVOKE_CHANNEL, route, input) as Promise<Result<unknown>>,
  subscribe(listener) {
    const handler = (_event: IpcRendererEvent, payload: EngineEvent) => listener(payload)
    ipcRenderer.on(IPC_EVENT_CHANNEL, handler)
    return () => {
      ipcRenderer.removeListener(IPC_EVENT_CHANNEL, handler)
    }
  },
}

contextBridge.exposeInMainWorld(BRIDGE_KEY, transport)

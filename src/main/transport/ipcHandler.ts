import type { Result } from '../../shared/contract/result'
import type { Dispatch } from './dispatch'

/** What the IPC transport needs to know of a request's origin (a subset of Electron's IpcMainInvokeEvent). */
export interface IpcRequestOrigin {
  sender: unknown
  senderFrame?: { url: string } | null
}

/** The IPC request handler without Electron in it, so the contract suite can drive it from Node. */
export function createIpcHandler(dispatch: Dispatch, isTrustedSender: (sender: unknown, frameUrl: string | undefined) => boolean) {
  return async (origin: IpcRequestOrigin, route: unknown, input: unknown): Promise<Result<unknown>> => {
    if (!isTrustedSender(origin.sender, origin.senderFrame?.url)) {
      return { ok: false, error: { code: 'UNAUTHORIZED', message: 'IPC from an untrusted frame was refused.' } }
    }
    if (typeof route !== 'string') return { ok: false, error: { code: 'INVALID_INPUT', message: 'Route must be a string.' } }
    return dispatch(route, input)
  }
}

/**
 * The Electron composition root: app lifecycle, one hardened window, the IPC transport, and API
 * keys through safeStorage. Everything else is the same engine the CLI and browser mode use.
 */
import { app, BrowserWindow, Notification, session } from 'electron'
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { createEngine } from './engine/createEngine'
import { createLogger } from './engine/logger'
import { examplesDir } from './paths'
import { openStore } from './store'
import { createDispatch } from './transport/dispatch'
import { createHandlers } from './transport/handlers'
import { registerIpcTransport } from './transport/ipc'
import { CONTENT_SECURITY_POLICY } from './transport/http'
import { createSecretStore } from './secrets'

app.setName('promptops-workbench')
app.enableSandbox()

const here = fileURLToPath(new URL('.', import.meta.url))
const rendererIndex = join(here, '../renderer/index.html')
const rendererUrl = process.env.ELECTRON_RENDERER_URL ?? pathToFileURL(rendererIndex).toString()
let win: BrowserWindow | null = null

/** Electron needs a better-sqlite3 build for its own ABI, kept apart from the Node build tests use. */
function electronSqliteBinding(): string | undefined {
  const path = join(app.getAppPath(), '.electron-native', `electron-${process.versions.electron}`, 'better_sqlite3.node')
  return existsSync(path) ? path : undefined
}

const isOwnPage = (url: string | undefined) => url !== undefined && url.startsWith(rendererUrl.replace(/index\.html.*$/, ''))

async function main(): Promise<void> {
  await app.whenReady()
  const log = createLogger()
  const nativeBinding = electronSqliteBinding()
  const store = openStore(process.env.PROMPTOPS_DB ?? join(app.getPath('userData'), 'default.db'), nativeBinding ? { nativeBinding } : {})
  const secrets = createSecretStore(store.settings, log)
  const engine = createEngine({ store, log, env: process.env, secrets: secrets.get, keyStore: secrets, user: process.env.USER ?? 'local' })
  engine.seedExamples(examplesDir())
  engine.observability.start() // alert rules also run every minute, not only after calls
  const dispatch = createDispatch(createHandlers(engine), log)

  session.defaultSession.setPermissionRequestHandler((_wc, _permission, callback) => callback(false))
  session.defaultSession.webRequest.onHeadersReceived((details, callback) => {
    callback({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [CONTENT_SECURITY_POLICY] } })
  })

  win = new BrowserWindow({
    width: 1400,
    height: 900,
    title: 'Promptops Workbench',
    show: false,
    webPreferences: {
      preload: join(here, '../preload/index.cjs'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      disableBlinkFeatures: 'Auxclick',
    },
  })
  win.once('ready-to-show', () => win?.show())

  registerIpcTransport({
    dispatch,
    subscribe: engine.events.subscribe,
    isTrustedSender: (sender, frameUrl) => win !== null && sender === win.webContents && isOwnPage(frameUrl),
    target: () => win?.webContents ?? null,
  })

  // Alerts raise a native notification (the permission handler denies the renderer's web Notification).
  engine.events.subscribe((e) => {
    if (e.type === 'alert.fired' && Notification.isSupported()) new Notification({ title: 'Promptops alert', body: e.alert.message }).show()
  })

  app.on('web-contents-created', (_e, contents) => {
    contents.on('will-navigate', (event, url) => {
      if (!isOwnPage(url)) event.preventDefault()
    })
    contents.on('will-attach-webview', (event) => event.preventDefault())
    contents.setWindowOpenHandler(() => ({ action: 'deny' }))
  })

  await win.loadURL(rendererUrl)
  app.on('window-all-closed', () => {
    engine.close()
    app.quit()
  })
}

void main()

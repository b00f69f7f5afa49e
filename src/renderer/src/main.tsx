import { StrictMode } from 'react'
import { createRoot } from 'react-dom/client'
import { App } from './App'
import { loadModels, refreshLibrary } from './features/editor/actions'
import { refreshHistory } from './features/history/actions'
import { loadDefaults } from './features/settings/actions'
import { watchAttention } from './features/alerts/attention'
import { connectEngineEvents } from './stores/engineEvents'
import './styles.css'

connectEngineEvents()
void refreshLibrary()
void loadModels()
void refreshHistory()
void loadDefaults()
watchAttention()

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
)

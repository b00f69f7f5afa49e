import { useEffect } from 'react'
import { refreshBatchView } from './actions'
import { DatasetPanel } from './DatasetPanel'
import { RunPanel } from './RunPanel'
import { BatchList, BatchResults } from './BatchRuns'
import './batch.css'

/** Datasets → prompt and mapping → a durable batch with live progress, controls and results. */
export function BatchView() {
  useEffect(() => {
    void refreshBatchView()
  }, [])
  return (
    <div className="batch-view" data-testid="batch-view">
      <h1>Batch runs</h1>
      <div className="batch-top">
        <DatasetPanel />
        <RunPanel />
      </div>
      <BatchList />
      <BatchResults />
    </div>
  )
}

import * as m001 from './001_init'
import * as m002 from './002_guarded_engine'
import * as m003 from './003_cost_cache'
import * as m006 from './006_observability'
import * as m007 from './007_configs_batch'
import * as m008 from './008_rollup_pending'
import * as m009 from './009_calls_from_runs'
import * as m010 from './010_batch_worker_lease'

/**
 * Numbered, forward-only migrations. Append a new file and a line here; never edit a shipped one.
 * Reserved numbers so parallel work does not collide: 002 guarded engine, 003 cost and cache,
 * 004 security, 005 workbench, 006 observability, 007 configs and batch, 008 batched rollups, 009 calls derived from runs, 010 batch worker lease.
 */
export const migrations: ReadonlyArray<{ version: number; name: string; up: string }> = [
  { version: 1, name: 'init', up: m001.up },
  { version: 2, name: 'guarded_engine', up: m002.up },
  { version: 3, name: 'cost_cache', up: m003.up },
  { version: 6, name: 'observability', up: m006.up },
  { version: 7, name: 'configs_batch', up: m007.up },
  { version: 8, name: 'rollup_pending', up: m008.up },
  { version: 9, name: 'calls_from_runs', up: m009.up },
  { version: 10, name: 'batch_worker_lease', up: m010.up },
]

import type { ConfigFile } from './schema.js'
import type { ConfigProblem } from './errors.js'

/** What reading the configuration file gives: shared by the reader (I/O) and the parser (YAML), which import only this. */

export interface Position {
  line: number
  column: number
}

export interface LoadedConfig {
  /** The path as the user wrote it (or the default), relative to the workspace: used in messages and annotations. */
  path: string
  /** The file read, relative to the workspace, when a symlink leads elsewhere than `path`. */
  file?: string
  /** False when the default file does not exist: no file is fine. */
  present: boolean
  config: ConfigFile
  locate: (path: readonly PropertyKey[], key?: string) => Position | undefined
}

export type ConfigLoad = { ok: true; loaded: LoadedConfig } | { ok: false; path: string; problems: ConfigProblem[] }

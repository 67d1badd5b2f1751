import { DEFAULT_VALUES, INPUT_DEFAULTS } from './action-inputs.js'
import type { SETTINGS, ValueOf } from './schema.js'

type Stated = keyof typeof DEFAULT_VALUES

/**
 * The defaults action.yml states, as each input's setting reads them: what the action applies when neither an input nor
 * the file sets a value. `npm run docs` reads them into src/settings/action-inputs.ts (action.yml is their one source),
 * so a run reads none of them; the type says each is a value its setting can hold.
 */
export const DEFAULTS: { readonly [K in Stated]: ValueOf<(typeof SETTINGS)[K]> } = DEFAULT_VALUES

/** Where the configuration file is read from when the `config` input is not given. */
export const DEFAULT_CONFIG_PATH = INPUT_DEFAULTS.config

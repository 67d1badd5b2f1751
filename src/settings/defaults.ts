import type { z } from 'zod/mini'
import { INPUT_DEFAULTS } from './action-inputs.js'
import { settingsShape } from './schema.js'

type Stated = Exclude<keyof typeof INPUT_DEFAULTS, 'config'>

/**
 * The defaults action.yml states (src/settings/action-inputs.ts, generated from it), each read by its input's schema:
 * what the action applies when neither an input nor the file sets a value. action.yml is their one source.
 */
export const DEFAULTS = Object.fromEntries(
  Object.entries(INPUT_DEFAULTS)
    .filter(([name]) => name in settingsShape)
    .map(([name, value]) => [name, settingsShape[name as Stated].parse(value)]),
) as { [K in Stated]: NonNullable<z.output<(typeof settingsShape)[K]>> }

/** Where the configuration file is read from when the `config` input is not given. */
export const DEFAULT_CONFIG_PATH = INPUT_DEFAULTS.config

import { closeSync, openSync, readSync, realpathSync, fstatSync, constants } from 'node:fs'
import { isAbsolute, relative, resolve } from 'node:path'
import type { ConfigLoad } from './config-model.js'
import { DEFAULT_CONFIG_PATH } from './defaults.js'

/** Far more than any configuration needs; a larger "file" is a mistake or an attack (a symlink to /dev/zero). */
export const MAX_CONFIG_BYTES = 256 * 1024

/**
 * Reads the configuration file. A missing default file is no file; a missing named file is a problem. The file comes
 * from the repository, which a pull request can change: it must be a regular file inside the workspace (a symlink
 * may point elsewhere in it), of a bounded size. A FIFO or device is never opened for reading.
 */
export async function loadConfigFile(path: string, explicit: boolean, workspace: string): Promise<ConfigLoad> {
  const problem = (what: string, fix: string): ConfigLoad => ({
    ok: false,
    path,
    problems: [{ subject: path, field: 'config', problem: `the configuration file ${path} ${what}`, fix }],
  })
  const readFix = `Create ${path}, fix the \`config\` input's path (relative to the repository root), or remove the input to use ${DEFAULT_CONFIG_PATH} when present. Did the workflow run actions/checkout first?`
  let real: string
  let root: string
  try {
    root = realpathSync(workspace)
    real = realpathSync(resolve(root, path))
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code
    if (code === 'ENOENT' && !explicit) {
      return { ok: true, loaded: { path, present: false, config: {}, locate: () => undefined } }
    }
    return problem(code === 'ENOENT' ? 'does not exist' : `cannot be read (${code ?? 'unknown error'})`, readFix)
  }
  const inside = relative(root, real)
  if (inside === '' || inside.startsWith('..') || isAbsolute(inside)) {
    return problem(
      'is outside the workspace (it is, or links to, a path outside the checked-out repository)',
      'Keep the configuration file in the repository, as a regular file, and name it relative to the repository root.',
    )
  }
  let text: string
  try {
    text = readBounded(real)
  } catch (error) {
    if (error instanceof ConfigFileError) return problem(error.message, error.fix)
    return problem(`cannot be read (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`, readFix)
  }
  // The YAML parser is loaded only when there is a file to parse.
  const { parseConfigText } = await import('./config-parser.js')
  const parsed = parseConfigText(path, text)
  return parsed.ok ? { ok: true, loaded: { ...parsed.loaded, file: inside } } : parsed
}

class ConfigFileError extends Error {
  constructor(
    message: string,
    readonly fix: string,
  ) {
    super(message)
  }
}

/** Opens without blocking (a FIFO would wait for a writer), checks the kind and size, reads at most the bound. */
function readBounded(file: string): string {
  const fd = openSync(file, constants.O_RDONLY | constants.O_NONBLOCK)
  try {
    const stat = fstatSync(fd)
    if (!stat.isFile()) {
      throw new ConfigFileError(
        'is not a regular file (a directory, a device or a pipe)',
        'Make the configuration file a regular YAML file in the repository.',
      )
    }
    const buffer = Buffer.alloc(MAX_CONFIG_BYTES + 1)
    let length = 0
    for (let n = -1; n !== 0 && length < buffer.length; length += n)
      n = readSync(fd, buffer, length, buffer.length - length, null)
    if (length > MAX_CONFIG_BYTES) {
      throw new ConfigFileError(
        `is larger than ${MAX_CONFIG_BYTES / 1024} KiB`,
        'A configuration file is a few lines of YAML: check that the path names the right file.',
      )
    }
    return buffer.subarray(0, length).toString('utf8')
  } finally {
    closeSync(fd)
  }
}

import { readFileSync } from 'node:fs'
import { DEFAULT_CONFIG_PATH, type ConfigLoad } from './config-model.js'

/** Reads the configuration file. A missing default file is no file; a missing named file is a problem. */
export async function loadConfigFile(path: string, explicit: boolean, workspace: string): Promise<ConfigLoad> {
  let text: string
  try {
    text = readFileSync(resolveIn(workspace, path), 'utf8')
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code
    if (code === 'ENOENT' && !explicit) {
      return { ok: true, loaded: { path, present: false, config: {}, locate: () => undefined } }
    }
    return {
      ok: false,
      path,
      problems: [
        {
          subject: path,
          field: 'config',
          problem:
            code === 'ENOENT'
              ? `the configuration file ${path} does not exist`
              : `the configuration file ${path} cannot be read (${code ?? 'unknown error'})`,
          fix: `Create ${path}, fix the \`config\` input's path (relative to the repository root), or remove the input to use ${DEFAULT_CONFIG_PATH} when present. Did the workflow run actions/checkout first?`,
        },
      ],
    }
  }
  // The YAML parser is loaded only when there is a file to parse.
  const { parseConfigText } = await import('./config-parser.js')
  return parseConfigText(path, text)
}

function resolveIn(workspace: string, path: string): string {
  return path.startsWith('/') ? path : `${workspace.replace(/\/$/, '')}/${path}`
}

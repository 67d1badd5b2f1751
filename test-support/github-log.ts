/**
 * A step's log as a person reads it on GitHub, from what the action wrote to stdout: the runner acts on workflow
 * commands (https://docs.github.com/actions/reference/workflow-commands-for-github-actions) rather than showing them.
 * An annotation is a line ("Error: …"), its title and place shown on the run's page; a group is one folded line;
 * `debug` lines appear only with step debug logging; masked values read `***`; other commands are not shown.
 */
export interface GitHubView {
  /** The log, as shown. */
  log: string
  /** The annotations, as the run's page lists them. */
  annotations: Annotation[]
}

export interface Annotation {
  level: 'error' | 'warning' | 'notice'
  title?: string
  /** file:line, when the annotation points into a file. */
  place?: string
  message: string
}

const LEVEL_WORD = { error: 'Error', warning: 'Warning', notice: 'Notice' } as const

/** %25, %0D, %0A in data; also %3A and %2C in properties (how @actions/core escapes them). */
const unescape = (text: string) =>
  text.replace(/%(25|0D|0A|3A|2C)/gi, (_, code: string) => String.fromCharCode(parseInt(code, 16)))

export function asShownOnGitHub(stdout: string): GitHubView {
  const shown: string[] = []
  const annotations: Annotation[] = []
  const masks: string[] = []
  let folded = false
  let stopToken: string | undefined
  const mask = (line: string) => masks.reduce((text, secret) => text.split(secret).join('***'), line)

  for (const line of stdout.split('\n')) {
    if (stopToken !== undefined) {
      if (line === `::${stopToken}::`) stopToken = undefined
      else if (!folded) shown.push(mask(line))
      continue
    }
    const command = /^::([a-z-]+)(?: ([^:]*))?::(.*)$/.exec(line)
    if (!command) {
      if (!folded) shown.push(mask(line))
      continue
    }
    const [, name, properties = '', data = ''] = command
    if (name === 'add-mask') {
      if (data) masks.push(unescape(data))
    } else if (name === 'stop-commands') {
      stopToken = data
    } else if (name === 'group') {
      shown.push(`▶ ${mask(unescape(data))}`)
      folded = true
    } else if (name === 'endgroup') {
      folded = false
    } else if (name === 'error' || name === 'warning' || name === 'notice') {
      const props = Object.fromEntries(
        properties
          .split(',')
          .filter(Boolean)
          .map(pair => [pair.slice(0, pair.indexOf('=')), mask(unescape(pair.slice(pair.indexOf('=') + 1)))]),
      )
      const message = mask(unescape(data))
      const place = props.file ? `${props.file}${props.line ? `:${props.line}` : ''}` : undefined
      annotations.push({ level: name, title: props.title, place, message })
      if (!folded) shown.push(...`${LEVEL_WORD[name]}: ${message}`.split('\n'))
    }
    // debug, and the commands that set outputs or state, show nothing.
  }
  return { log: shown.join('\n'), annotations }
}

/** The annotations as the run's page lists them, one line each: level, title (else the message's first line), place. */
export function annotationLines(annotations: Annotation[]): string {
  return annotations
    .map(a => `${LEVEL_WORD[a.level]}: ${a.title ?? a.message.split('\n')[0]}${a.place ? ` (${a.place})` : ''}`)
    .join('\n')
}

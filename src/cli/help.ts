import { CHECKS } from '../checks/index.js'
import { INPUT_HELP } from './input-help.js'

/** Inputs that only publish to GitHub: the command publishes nothing, so it says so rather than act on them. */
export const GITHUB_ONLY_INPUTS = ['comment', 'check-run', 'issue', 'pr-number', 'override-label', 'github-token']

const WIDTH = 100

/** Words wrapped to the width, each line indented. */
function wrap(text: string, indent: string): string[] {
  const lines: string[] = []
  let line = ''
  for (const word of text.split(/\s+/).filter(Boolean)) {
    if (line && indent.length + line.length + 1 + word.length > WIDTH) {
      lines.push(indent + line)
      line = word
    } else line = line ? `${line} ${word}` : word
  }
  if (line) lines.push(indent + line)
  return lines
}

/** `--help`: the usage, every input of action.yml as a flag with its description, and what a build step can judge. */
export function helpText(): string {
  const clerkSide = CHECKS.filter(c => c.side === 'clerk').map(c => c.id)
  const appSide = CHECKS.filter(c => c.side === 'app').map(c => c.id)
  const inputs = INPUT_HELP.filter(i => !GITHUB_ONLY_INPUTS.includes(i.name))
  return [
    'Usage: clerk-preflight [--<input> <value> …] [--json]',
    '       clerk-preflight merge <report.json …>',
    '',
    ...wrap(
      "Checks that an environment is ready for its Clerk instance: the action's checks, run where the deployed environment's variables live (a build step). The same environment variables and configuration file (.github/clerk-preflight.yml) as the action; each input of the action is a flag of its name (--name value or --name=value). Prefer variables to flags for secrets: a command line can be read by other processes.",
      '',
    ),
    '',
    ...wrap(
      'Output: the findings grouped by cause, each with its fix, as text (colour on a terminal; NO_COLOR turns it off), or the JSON report with --json. A line on stderr says what is still running on a long run.',
      '',
    ),
    ...wrap(
      'Exit status: 0 when the gate passes, 1 when it fails (fail-on decides; invalid inputs or configuration always fail), 2 on invalid usage.',
      '',
    ),
    '',
    'In a build step (a Vercel build command: clerk-preflight && next build):',
    ...wrap(
      `the deployment is not live yet, so the run is before the deploy (phase before-deploy). VERCEL_ENV gives the environment; in a production build VERCEL_PROJECT_PRODUCTION_URL is the live app, the previous release. Judged fully there, as they do not change with the deploy: ${clerkSide.join(', ')}. Judged on the live app, at most a warning before the deploy: ${appSide.join(', ')}; run the action after the deploy (phase after-deploy) to enforce them. The run says which variables it read.`,
      '  ',
    ),
    '',
    'Inputs:',
    ...inputs.flatMap(input => [
      `  --${input.name} <value>`,
      ...wrap(input.description + (input.default ? ` (In the action: default ${input.default}.)` : ''), '      '),
    ]),
    '  --json',
    '      Print the JSON report (the action’s report-file) on stdout instead of the text.',
    '',
    ...wrap(
      `GitHub only, accepted and not used (the command publishes nothing): ${GITHUB_ONLY_INPUTS.map(n => `--${n}`).join(', ')}.`,
      '',
    ),
    '',
    ...wrap(
      'merge: the JSON reports of several runs (one per app and environment: name each <app>.json or <app>.<environment>.json) as one Markdown table (app, environment, status, failing checks, link), printed and added to the job summary when GITHUB_STEP_SUMMARY is set.',
      '',
    ),
    '',
  ].join('\n')
}

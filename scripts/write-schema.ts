import { writeFileSync } from 'node:fs'
import { configJsonSchema } from './config-json-schema.js'

writeFileSync('schema/clerk-preflight.schema.json', `${JSON.stringify(configJsonSchema(), null, 2)}\n`)

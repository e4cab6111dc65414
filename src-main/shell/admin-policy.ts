import { readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { z } from 'zod'
import { parseAllowedHost } from '../core/altegio/host-policy.ts'
import { ManagedSettingsSchema, type ManagedSettings } from '../shared/settings-schema.ts'

/**
 * The administrator's policy: what an IT department may decide for a desk that staff at the desk may
 * not. Extra hosts (a company proxy in front of Altegio) that may receive the tokens, and the desk's
 * settings it fixes — the API address, the location, its country — which Settings then shows read-only.
 * It lives where the window cannot write — a `policy.json` beside the installed app or in the system's
 * configuration folder, or the `--allow-api-host=` switch on the command line — never in the database
 * or over IPC. Every source adds to the hosts; a setting is taken from the first file that names it;
 * the host of a fixed API address is allowed by naming it. An unreadable file is reported and adds nothing.
 *
 *   { "allowedApiHosts": ["altegio-proxy.example.com", "altegio-proxy.example.com:8443"],
 *     "deskSettings": { "apiBaseUrl": "https://altegio-proxy.example.com/api", "locationId": 41001, "country": "GB" } }
 */
export const POLICY_FILE = 'policy.json'
export const ALLOW_HOST_SWITCH = '--allow-api-host='

const PolicySchema = z.strictObject({
  allowedApiHosts: z
    .array(z.string().max(300).refine((entry) => parseAllowedHost(entry) !== undefined, { error: 'not a host name or host:port' }))
    .max(20)
    .default([]),
  deskSettings: ManagedSettingsSchema.optional()
})

export interface AdminPolicy {
  allowedApiHosts: string[]
  /** The settings the policy fixes for the real desk (never for training). */
  managed: ManagedSettings
  /** Where each part came from, and what could not be used: for the support log. */
  notes: string[]
}

/** The system-wide configuration folder for this app on each platform. */
export function systemPolicyDir(platform: NodeJS.Platform = process.platform, env: NodeJS.ProcessEnv = process.env): string {
  if (platform === 'win32') return join(env['ProgramData'] ?? 'C:\\ProgramData', 'Front Desk for Altegio')
  if (platform === 'darwin') return '/Library/Application Support/Front Desk for Altegio'
  return '/etc/front-desk-for-altegio'
}

/** The policy files looked at: beside the app's executable, then the system configuration folder. */
export function policyFiles(exePath: string, platform: NodeJS.Platform = process.platform, env: NodeJS.ProcessEnv = process.env): string[] {
  return [join(dirname(exePath), POLICY_FILE), join(systemPolicyDir(platform, env), POLICY_FILE)]
}

export function loadAdminPolicy(sources: { files: readonly string[]; argv: readonly string[] }): AdminPolicy {
  const policy: AdminPolicy = { allowedApiHosts: [], managed: {}, notes: [] }
  for (const file of sources.files) {
    let text: string
    try {
      text = readFileSync(file, 'utf8')
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') policy.notes.push(`policy ${file} cannot be read: ${(error as Error).message}`)
      continue
    }
    let parsed: ReturnType<typeof PolicySchema.safeParse>
    try {
      parsed = PolicySchema.safeParse(JSON.parse(text))
    } catch {
      policy.notes.push(`policy ${file} is not JSON; ignored`)
      continue
    }
    if (!parsed.success) {
      policy.notes.push(`policy ${file} ignored: ${parsed.error.issues[0]?.path.join('.')} ${parsed.error.issues[0]?.message}`)
      continue
    }
    policy.allowedApiHosts.push(...parsed.data.allowedApiHosts)
    policy.notes.push(`policy ${file}: API hosts allowed besides Altegio's: ${parsed.data.allowedApiHosts.join(', ') || 'none'}`)
    const fixed = parsed.data.deskSettings ?? {}
    const taken = Object.fromEntries(Object.entries(fixed).filter(([key]) => !(key in policy.managed)))
    if (Object.keys(taken).length > 0) {
      policy.managed = { ...policy.managed, ...taken }
      policy.notes.push(`policy ${file}: settings fixed by the administrator: ${Object.keys(taken).join(', ')}`)
    }
  }
  if (policy.managed.apiBaseUrl !== undefined) policy.allowedApiHosts.push(new URL(policy.managed.apiBaseUrl).host)
  for (const arg of sources.argv) {
    if (!arg.startsWith(ALLOW_HOST_SWITCH)) continue
    const entries = arg.slice(ALLOW_HOST_SWITCH.length).split(',').map((entry) => entry.trim()).filter(Boolean)
    const usable = entries.filter((entry) => parseAllowedHost(entry) !== undefined)
    policy.allowedApiHosts.push(...usable)
    policy.notes.push(`command line: API hosts allowed besides Altegio's: ${usable.join(', ') || 'none'}`)
    if (usable.length < entries.length) policy.notes.push('command line: some --allow-api-host entries are not host names and were ignored')
  }
  return policy
}

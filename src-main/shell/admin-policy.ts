import { dirname, join } from 'node:path'
import { z } from 'zod'
import { parseAllowedHost } from '../core/altegio/host-policy.ts'
import type { CompanyProxy } from '../core/altegio/company-proxy.ts'
import { ManagedSettingsSchema, type ManagedSettings } from '../shared/settings-schema.ts'
import { ADMIN_OWNERS, WINDOWS_POLICY_KEY, readTrustedFile, type PolicyRead } from './policy-sources.ts'
import type { UpdateSource } from './updates.ts'

/**
 * The administrator's policy: what an IT department may decide for a desk that staff at the desk may
 * not. Extra hosts (a company proxy in front of Altegio) that may receive the tokens, and the desk's
 * settings it fixes — the API address, the location, its country — which Settings then shows read-only,
 * the company's proxy, and where updates come from.
 * It lives where neither the window nor the desk's user can write (policy-sources.ts): a `policy.json`
 * beside an app installed for all users or in the system's configuration folder, owned by root (Linux,
 * macOS), or the registry's machine hive (Windows) — never in the database or over IPC. The
 * `--allow-api-host=` switch counts only in development and test builds: anyone can edit a shortcut.
 * Every source adds to the hosts; a setting is taken from the first source that names it; the host of a
 * fixed API address is allowed by naming it. A source that cannot be used is reported and adds nothing.
 *
 *   { "allowedApiHosts": ["altegio-proxy.example.com", "altegio-proxy.example.com:8443"],
 *     "deskSettings": { "apiBaseUrl": "https://altegio-proxy.example.com/api", "locationId": 41001, "country": "GB" },
 *     "updates": { "feed": "https://updates.example.com/front-desk/", "pinVersion": "1.4.2" } }
 */
export const POLICY_FILE = 'policy.json'
export const ALLOW_HOST_SWITCH = '--allow-api-host='

const PolicySchema = z.strictObject({
  allowedApiHosts: z
    .array(z.string().max(300).refine((entry) => parseAllowedHost(entry) !== undefined, { error: 'not a host name or host:port' }))
    .max(20)
    .default([]),
  deskSettings: z.optional(ManagedSettingsSchema),
  /** The company's proxy for requests to Altegio; without it, HTTPS_PROXY and NO_PROXY from the environment. */
  proxy: z
    .strictObject({
      url: z.string().max(500).refine((url) => URL.canParse(url) && ['http:', 'https:'].includes(new URL(url).protocol), { error: 'not an http(s) proxy address' }),
      noProxy: z.string().max(1000).optional()
    })
    .optional(),
  /** Where updates come from (an https feed with `latest.yml`), and whether and which are taken. Without it, none. */
  updates: z
    .strictObject({
      feed: z.string().max(500).refine((url) => URL.canParse(url) && new URL(url).protocol === 'https:', { error: 'not an https address' }),
      turnedOff: z.boolean().default(false),
      pinVersion: z.string().regex(/^\d+\.\d+\.\d+(-[0-9A-Za-z.]+)?$/, { error: 'not a version such as 1.4.2' }).optional()
    })
    .optional()
})

export interface AdminPolicy {
  allowedApiHosts: string[]
  /** The settings the policy fixes for the real desk (never for training). */
  managed: ManagedSettings
  /** The company's proxy, from the first source that names one. */
  proxy?: CompanyProxy
  /** Where updates come from and which are taken, from the first source that names a feed. */
  updates?: UpdateSource
  /** Where each part came from, and what could not be used: for the support log. */
  notes: string[]
}

/** The system-wide configuration folder for this app, owned by root; none on Windows (see policy-sources.ts). */
export function systemPolicyDir(platform: NodeJS.Platform = process.platform): string | undefined {
  if (platform === 'win32') return undefined
  if (platform === 'darwin') return '/Library/Application Support/Front Desk for Altegio'
  return '/etc/front-desk-for-altegio'
}

/**
 * The policy files looked at: on Linux beside the app's executable (a package installed for all users),
 * then the system configuration folder; on macOS that folder (a file inside the signed app bundle would
 * break its signature); on Windows none: the registry's machine hive instead.
 */
export function policyFiles(exePath: string, platform: NodeJS.Platform = process.platform): string[] {
  const system = systemPolicyDir(platform)
  if (system === undefined) return []
  if (platform === 'darwin') return [join(system, POLICY_FILE)]
  return [join(dirname(exePath), POLICY_FILE), join(system, POLICY_FILE)]
}

export interface PolicySources {
  files: readonly string[]
  /** The Windows registry's policy value, read by the shell (readWindowsRegistry). */
  registry?: PolicyRead
  argv: readonly string[]
  /** Whether `--allow-api-host=` counts: development and test builds only. */
  acceptSwitch: boolean
  /** Whose files count as the administrator's. Default root. */
  owners?: readonly number[]
}

export function loadAdminPolicy(sources: PolicySources): AdminPolicy {
  const policy: AdminPolicy = { allowedApiHosts: [], managed: {}, notes: [] }
  const reads: [name: string, read: () => PolicyRead][] = sources.files.map((file) => [`policy ${file}`, () => readTrustedFile(file, sources.owners ?? ADMIN_OWNERS)])
  if (sources.registry) {
    const registry = sources.registry
    reads.push([`policy in the registry (${WINDOWS_POLICY_KEY})`, () => registry])
  }
  for (const [name, read] of reads) {
    const got = read()
    if ('absent' in got) continue
    if ('refused' in got) {
      policy.notes.push(`${name} ignored: ${got.refused}`)
      continue
    }
    let parsed: ReturnType<typeof PolicySchema.safeParse>
    try {
      parsed = PolicySchema.safeParse(JSON.parse(got.text))
    } catch {
      policy.notes.push(`${name} is not JSON; ignored`)
      continue
    }
    if (!parsed.success) {
      policy.notes.push(`${name} ignored: ${parsed.error.issues[0]?.path.join('.')} ${parsed.error.issues[0]?.message}`)
      continue
    }
    policy.allowedApiHosts.push(...parsed.data.allowedApiHosts)
    policy.notes.push(`${name}: API hosts allowed besides Altegio's: ${parsed.data.allowedApiHosts.join(', ') || 'none'}`)
    if (parsed.data.proxy && !policy.proxy) {
      policy.proxy = { url: parsed.data.proxy.url, ...(parsed.data.proxy.noProxy ? { noProxy: parsed.data.proxy.noProxy } : {}) }
      policy.notes.push(`${name}: requests to Altegio go through the company proxy`)
    }
    if (parsed.data.updates && !policy.updates) {
      const { feed, turnedOff, pinVersion } = parsed.data.updates
      policy.updates = { feed, policy: { updates: turnedOff ? 'off' : 'on', ...(pinVersion ? { pinVersion } : {}) } }
      policy.notes.push(`${name}: updates ${turnedOff ? 'turned off' : pinVersion ? `pinned to ${pinVersion}` : 'on'}, from ${new URL(feed).host}`)
    }
    const fixed = parsed.data.deskSettings ?? {}
    const taken = Object.fromEntries(Object.entries(fixed).filter(([key]) => !(key in policy.managed)))
    if (Object.keys(taken).length > 0) {
      policy.managed = { ...policy.managed, ...taken }
      policy.notes.push(`${name}: settings fixed by the administrator: ${Object.keys(taken).join(', ')}`)
    }
  }
  if (policy.managed.apiBaseUrl !== undefined) policy.allowedApiHosts.push(new URL(policy.managed.apiBaseUrl).host)
  for (const arg of sources.argv) {
    if (!arg.startsWith(ALLOW_HOST_SWITCH)) continue
    if (!sources.acceptSwitch) {
      policy.notes.push(`command line: ${ALLOW_HOST_SWITCH} ignored: a release build takes API hosts only from the administrator's policy`)
      continue
    }
    const entries = arg.slice(ALLOW_HOST_SWITCH.length).split(',').map((entry) => entry.trim()).filter(Boolean)
    const usable = entries.filter((entry) => parseAllowedHost(entry) !== undefined)
    policy.allowedApiHosts.push(...usable)
    policy.notes.push(`command line: API hosts allowed besides Altegio's: ${usable.join(', ') || 'none'}`)
    if (usable.length < entries.length) policy.notes.push('command line: some --allow-api-host entries are not host names and were ignored')
  }
  return policy
}

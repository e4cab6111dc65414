import { spawnSync } from 'node:child_process'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'

/**
 * What the desk is told when the operating system's keychain cannot be reached: libsecret's own words
 * kept only as the reason's detail, under one code the window puts into the staff's language.
 */
describe('keytarKeychain', () => {
  it('a keychain that cannot be reached is one plain refusal, keychain_unavailable, with the secret nowhere in it', () => {
    const child = spawnSync(process.execPath, ['--disable-warning=ExperimentalWarning', join(import.meta.dirname, 'keychain-unreachable-child.ts')], {
      env: { ...process.env, DBUS_SESSION_BUS_ADDRESS: 'unix:path=/nonexistent/secret-service-bus' },
      encoding: 'utf8',
      timeout: 20_000
    })
    expect(child.status, child.stderr).toBe(0)
    expect(JSON.parse(child.stdout)).toMatchObject({ code: 'unavailable', reason: 'keychain_unavailable', message: 'keychain_unavailable', params: { reason: expect.any(String) } })
    expect(child.stdout).not.toContain('sekret-value-never-stored')
  })
})

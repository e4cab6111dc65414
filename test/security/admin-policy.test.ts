import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { loadAdminPolicy, policyFiles, systemPolicyDir } from '../../src-main/shell/admin-policy.ts'
import { createApiHostPolicy } from '../../src-main/core/altegio/host-policy.ts'
import { tempDir } from '../support/desk-fixtures.ts'

/** The administrator's policy: read from files beside the app or in the system folder, or the command line; never from the window. */
const dirs: ReturnType<typeof tempDir>[] = []
afterEach(() => dirs.splice(0).forEach((dir) => dir.remove()))

function folder(): string {
  const dir = tempDir()
  dirs.push(dir)
  return dir.path
}

describe('the administrator policy', () => {
  it('looks beside the executable and in the system configuration folder of each platform', () => {
    expect(policyFiles('/opt/Front Desk/front-desk', 'linux')).toEqual(['/opt/Front Desk/policy.json', '/etc/front-desk-for-altegio/policy.json'])
    expect(systemPolicyDir('win32', { ProgramData: 'D:\\ProgramData' })).toBe(join('D:\\ProgramData', 'Front Desk for Altegio'))
    expect(systemPolicyDir('darwin')).toBe('/Library/Application Support/Front Desk for Altegio')
  })

  it('adds the hosts of every policy file and of --allow-api-host, and they reach the host check', () => {
    const beside = folder()
    const system = folder()
    writeFileSync(join(beside, 'policy.json'), JSON.stringify({ allowedApiHosts: ['altegio-proxy.example.com'] }))
    writeFileSync(join(system, 'policy.json'), JSON.stringify({ allowedApiHosts: ['proxy.example.net:8443'] }))
    const policy = loadAdminPolicy({
      files: [join(beside, 'policy.json'), join(system, 'policy.json'), join(folder(), 'absent.json')],
      argv: ['/opt/front-desk', '--allow-api-host=127.0.0.1:9,bad host', '--other']
    })
    expect(policy.allowedApiHosts).toEqual(['altegio-proxy.example.com', 'proxy.example.net:8443', '127.0.0.1:9'])
    expect(policy.notes.join('\n')).toMatch(/some --allow-api-host entries are not host names/)
    const check = createApiHostPolicy(policy.allowedApiHosts).check
    expect(check('https://altegio-proxy.example.com/api')).toEqual({ ok: true })
    expect(check('http://127.0.0.1:9/api')).toEqual({ ok: true })
    expect(check('http://127.0.0.1:10/api')).toMatchObject({ ok: false })
  })

  it('fixes the desk settings a file names, the first file that names one winning, and allows the fixed address', () => {
    const beside = folder()
    const system = folder()
    writeFileSync(join(beside, 'policy.json'), JSON.stringify({ deskSettings: { apiBaseUrl: 'https://altegio-proxy.example.com/api', country: 'gb' } }))
    writeFileSync(join(system, 'policy.json'), JSON.stringify({ allowedApiHosts: [], deskSettings: { locationId: 41001, country: 'RU' } }))
    const policy = loadAdminPolicy({ files: [join(beside, 'policy.json'), join(system, 'policy.json')], argv: [] })
    expect(policy.managed).toEqual({ apiBaseUrl: 'https://altegio-proxy.example.com/api', country: 'GB', locationId: 41001 })
    expect(policy.allowedApiHosts).toEqual(['altegio-proxy.example.com'])
    expect(createApiHostPolicy(policy.allowedApiHosts).check('https://altegio-proxy.example.com/api')).toEqual({ ok: true })
    expect(policy.notes.join('\n')).toMatch(/settings fixed by the administrator: apiBaseUrl, country/)
  })

  it('ignores a file whose fixed settings are not valid ones', () => {
    const dir = folder()
    const files = ['country.json', 'address.json', 'unknown.json'].map((name) => join(dir, name))
    writeFileSync(files[0]!, JSON.stringify({ deskSettings: { country: 'Narnia' } }))
    writeFileSync(files[1]!, JSON.stringify({ deskSettings: { apiBaseUrl: 'ftp://proxy.example.com' } }))
    writeFileSync(files[2]!, JSON.stringify({ deskSettings: { retentionDays: 1 } }))
    const policy = loadAdminPolicy({ files, argv: [] })
    expect(policy.managed).toEqual({})
    expect(policy.allowedApiHosts).toEqual([])
    expect(policy.notes.every((note) => /ignored/.test(note))).toBe(true)
  })

  it('ignores, and reports, a file that is not JSON, has unknown keys or entries that are not hosts', () => {
    const dir = folder()
    const files = ['broken.json', 'extra.json', 'path.json'].map((name) => join(dir, name))
    writeFileSync(files[0]!, '{ not json')
    writeFileSync(files[1]!, JSON.stringify({ allowedApiHosts: ['proxy.example.com'], trustEverything: true }))
    writeFileSync(files[2]!, JSON.stringify({ allowedApiHosts: ['https://evil.example/api'] }))
    const policy = loadAdminPolicy({ files, argv: [] })
    expect(policy.allowedApiHosts).toEqual([])
    expect(policy.notes).toHaveLength(3)
    expect(policy.notes.every((note) => /ignored/.test(note))).toBe(true)
  })
})

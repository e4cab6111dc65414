import { chmodSync, statSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { loadAdminPolicy, policyFiles, systemPolicyDir } from '../../src-main/shell/admin-policy.ts'
import { createApiHostPolicy } from '../../src-main/core/altegio/host-policy.ts'
import { parseRegQuery } from '../../src-main/shell/policy-sources.ts'
import { buildFlavour, keychainServiceFor, TEST_BUILD_NAME_MARK } from '../../src-main/shell/build-flavour.ts'
import { TEST_BUILD_MARK } from '../../build/after-pack.ts'
import { tempDir } from '../support/desk-fixtures.ts'

/**
 * The administrator's policy: read only from where the desk's user cannot write — files owned by root
 * and writable by no one else, the registry's machine hive — and the command line only in development
 * and test builds; never from the window.
 */
const dirs: ReturnType<typeof tempDir>[] = []
afterEach(() => dirs.splice(0).forEach((dir) => dir.remove()))

function folder(): string {
  const dir = tempDir()
  dirs.push(dir)
  return dir.path
}

/** The tests' files belong to whoever runs them: that user stands in for root. */
const me = [process.getuid?.() ?? 0]
const load = (files: string[], argv: string[] = [], acceptSwitch = true) => loadAdminPolicy({ files, argv, acceptSwitch, owners: me })

describe('the administrator policy', () => {
  it('looks beside the executable and in /etc on Linux, in /Library on macOS, and in no file on Windows (the registry instead)', () => {
    expect(policyFiles('/opt/Front Desk/front-desk', 'linux')).toEqual(['/opt/Front Desk/policy.json', '/etc/front-desk-for-altegio/policy.json'])
    expect(policyFiles('/Applications/Front Desk.app/Contents/MacOS/Front Desk', 'darwin')).toEqual(['/Library/Application Support/Front Desk for Altegio/policy.json'])
    expect(systemPolicyDir('darwin')).toBe('/Library/Application Support/Front Desk for Altegio')
    // The user's own ProgramData variable is never asked: users may create folders there.
    expect(policyFiles('C:\\Users\\desk\\AppData\\Local\\Programs\\front-desk\\Front Desk.exe', 'win32')).toEqual([])
    expect(systemPolicyDir('win32')).toBeUndefined()
  })

  it.skipIf(process.platform === 'win32')('ignores, and reports, a file owned by another user, or that others may change, or in a folder others may change', () => {
    const dir = folder()
    const file = join(dir, 'policy.json')
    writeFileSync(file, JSON.stringify({ allowedApiHosts: ['collector.evil.example'] }))
    chmodSync(file, 0o644)
    expect(load([file]).allowedApiHosts).toEqual(['collector.evil.example'])
    // The same file as root's policy: it is the desk user's, so it does not count.
    const owner = statSync(file).uid
    const asRoot = loadAdminPolicy({ files: [file], argv: [], acceptSwitch: false, owners: [owner + 1] })
    expect(asRoot.allowedApiHosts).toEqual([])
    expect(asRoot.notes.join('\n')).toMatch(/ignored: the file belongs to user \d+, not to an administrator/)
    chmodSync(file, 0o664)
    expect(load([file]).allowedApiHosts).toEqual([])
    expect(load([file]).notes.join('\n')).toMatch(/ignored: the file can be changed by users other than its owner/)
    chmodSync(file, 0o644)
    chmodSync(dir, 0o777)
    expect(load([file]).allowedApiHosts).toEqual([])
    expect(load([file]).notes.join('\n')).toMatch(/ignored: its folder can be changed by users other than its owner/)
    chmodSync(dir, 0o700)
  })

  it('takes --allow-api-host only in development and test builds', () => {
    const policy = loadAdminPolicy({ files: [], argv: ['--allow-api-host=collector.evil.example'], acceptSwitch: false })
    expect(policy.allowedApiHosts).toEqual([])
    expect(policy.notes.join('\n')).toMatch(/--allow-api-host= ignored: a release build/)
    expect(createApiHostPolicy(policy.allowedApiHosts).check('https://collector.evil.example/api')).toMatchObject({ ok: false })
  })

  it('takes the company proxy from the first source that names one, and ignores a file whose proxy is not an http(s) address', () => {
    const dir = folder()
    const files = ['first.json', 'second.json', 'bad.json'].map((name) => join(dir, name))
    writeFileSync(files[0]!, JSON.stringify({ proxy: { url: 'http://proxy.corp:3128', noProxy: 'localhost,.corp' } }))
    writeFileSync(files[1]!, JSON.stringify({ proxy: { url: 'http://other.corp:8080' } }))
    writeFileSync(files[2]!, JSON.stringify({ proxy: { url: 'socks5://proxy.corp:1080' }, allowedApiHosts: ['proxy.example.com'] }))
    const policy = load(files)
    expect(policy.proxy).toEqual({ url: 'http://proxy.corp:3128', noProxy: 'localhost,.corp' })
    expect(policy.allowedApiHosts).toEqual([])
    expect(policy.notes.join('\n')).toMatch(/bad\.json ignored: proxy\.url not an http\(s\) proxy address/)
  })

  it('takes where updates come from, and which, from the first source that names a feed; an update feed must be https', () => {
    const dir = folder()
    const files = ['plain.json', 'pinned.json', 'off.json'].map((name) => join(dir, name))
    writeFileSync(files[0]!, JSON.stringify({ updates: { feed: 'http://updates.corp/front-desk/' } }))
    writeFileSync(files[1]!, JSON.stringify({ updates: { feed: 'https://updates.corp/front-desk/', pinVersion: '1.4.2' } }))
    writeFileSync(files[2]!, JSON.stringify({ updates: { feed: 'https://other.corp/', turnedOff: true } }))
    const policy = load(files)
    expect(policy.updates).toEqual({ feed: 'https://updates.corp/front-desk/', policy: { updates: 'on', pinVersion: '1.4.2' } })
    expect(policy.notes.join('\n')).toMatch(/plain\.json ignored: updates\.feed not an https address/)
    expect(policy.notes.join('\n')).toMatch(/pinned\.json: updates pinned to 1\.4\.2, from updates\.corp/)
    writeFileSync(files[0]!, JSON.stringify({ updates: { feed: 'https://updates.corp/', turnedOff: true } }))
    expect(load([files[0]!]).updates).toEqual({ feed: 'https://updates.corp/', policy: { updates: 'off' } })
    expect(load([]).updates).toBeUndefined()
  })

  it('reads the Windows policy from the Policy value of the registry machine hive', () => {
    const output = '\r\nHKEY_LOCAL_MACHINE\\SOFTWARE\\Policies\\Front Desk for Altegio\r\n    Policy    REG_SZ    {"allowedApiHosts":["altegio-proxy.example.com"]}\r\n\r\n'
    const read = parseRegQuery(output)
    expect(read).toEqual({ text: '{"allowedApiHosts":["altegio-proxy.example.com"]}' })
    const policy = loadAdminPolicy({ files: [], registry: read, argv: [], acceptSwitch: false })
    expect(policy.allowedApiHosts).toEqual(['altegio-proxy.example.com'])
    expect(parseRegQuery('    Policy    REG_DWORD    0x1')).toMatchObject({ refused: expect.stringMatching(/not text/) })
    expect(parseRegQuery('ERROR: The system was unable to find the specified registry key or value.')).toEqual({ absent: true })
  })

  it('names the keychain entries per build: a test build never reads the release’s tokens or data key', () => {
    expect(TEST_BUILD_NAME_MARK).toBe(TEST_BUILD_MARK)
    const release = buildFlavour({ isPackaged: true, getName: () => 'Front Desk for Altegio' })
    const test = buildFlavour({ isPackaged: true, getName: () => 'Front Desk TEST BUILD' })
    const development = buildFlavour({ isPackaged: false, getName: () => 'Front Desk for Altegio' })
    expect([release, test, development]).toEqual(['release', 'test', 'development'])
    expect(keychainServiceFor('release')).toBe('altegio-front-desk')
    expect(keychainServiceFor('development')).toBe('altegio-front-desk')
    expect(keychainServiceFor('test')).not.toBe(keychainServiceFor('release'))
  })

  it('adds the hosts of every policy file and of --allow-api-host, and they reach the host check', () => {
    const beside = folder()
    const system = folder()
    writeFileSync(join(beside, 'policy.json'), JSON.stringify({ allowedApiHosts: ['altegio-proxy.example.com'] }))
    writeFileSync(join(system, 'policy.json'), JSON.stringify({ allowedApiHosts: ['proxy.example.net:8443'] }))
    const policy = load([join(beside, 'policy.json'), join(system, 'policy.json'), join(folder(), 'absent.json')], ['/opt/front-desk', '--allow-api-host=127.0.0.1:9,bad host', '--other'])
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
    const policy = load([join(beside, 'policy.json'), join(system, 'policy.json')])
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
    const policy = load(files)
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
    const policy = load(files)
    expect(policy.allowedApiHosts).toEqual([])
    expect(policy.notes).toHaveLength(3)
    expect(policy.notes.every((note) => /ignored/.test(note))).toBe(true)
  })
})

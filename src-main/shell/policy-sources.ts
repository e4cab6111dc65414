import { spawnSync } from 'node:child_process'
import { closeSync, fstatSync, openSync, readFileSync, statSync } from 'node:fs'
import { dirname } from 'node:path'

/**
 * Where an administrator's policy may come from: only places an ordinary user of the computer cannot
 * write. On Linux and macOS a file counts only when it and its folder belong to root and no one else
 * may write them (a per-user install, an AppImage in the home folder, a copy the user made: ignored).
 * On Windows, where a folder's mode says nothing of its ACL and users may create folders in
 * ProgramData, the policy is a value in the registry's machine hive, which only administrators and
 * Group Policy write.
 */

/** The registry key an administrator or Group Policy writes; its `Policy` value (REG_SZ) holds the policy's JSON. */
export const WINDOWS_POLICY_KEY = 'HKLM\\SOFTWARE\\Policies\\Front Desk for Altegio'
export const WINDOWS_POLICY_VALUE = 'Policy'

/** What a source gave: its text, nothing (absent), or why it was not used. */
export type PolicyRead = { text: string } | { absent: true } | { refused: string }

/** Users whose files count as the administrator's: root. */
export const ADMIN_OWNERS: readonly number[] = [0]

/**
 * Reads a policy file only if it and its folder are owned by one of `owners` and writable by nobody
 * else. The file is checked through the descriptor it is read from, so it cannot be swapped in between.
 */
export function readTrustedFile(path: string, owners: readonly number[] = ADMIN_OWNERS): PolicyRead {
  let fd: number
  try {
    fd = openSync(path, 'r')
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code
    return code === 'ENOENT' || code === 'ENOTDIR' ? { absent: true } : { refused: `cannot be read: ${(error as Error).message}` }
  }
  try {
    const problem = untrusted(fstatSync(fd), 'the file', owners) ?? untrusted(statSync(dirname(path)), 'its folder', owners)
    if (problem) return { refused: problem }
    return { text: readFileSync(fd, 'utf8') }
  } catch (error) {
    return { refused: `cannot be read: ${(error as Error).message}` }
  } finally {
    closeSync(fd)
  }
}

function untrusted(stat: { uid: number; mode: number }, what: string, owners: readonly number[]): string | undefined {
  if (!owners.includes(stat.uid)) return `${what} belongs to user ${stat.uid}, not to an administrator`
  if ((stat.mode & 0o022) !== 0) return `${what} can be changed by users other than its owner`
  return undefined
}

/** The `Policy` value under WINDOWS_POLICY_KEY, through `reg query` (64-bit view); `run` is for tests. */
export function readWindowsRegistry(run: typeof spawnSync = spawnSync): PolicyRead {
  const result = run('reg', ['query', WINDOWS_POLICY_KEY, '/v', WINDOWS_POLICY_VALUE, '/reg:64'], { encoding: 'utf8', windowsHide: true, timeout: 10_000 })
  if (result.error) return { refused: `the registry cannot be read: ${result.error.message}` }
  if (result.status !== 0) return { absent: true }
  return parseRegQuery(String(result.stdout))
}

/** The data of the `Policy` REG_SZ line in `reg query` output. */
export function parseRegQuery(output: string): PolicyRead {
  const line = output.split(/\r?\n/).find((text) => new RegExp(`^\\s+${WINDOWS_POLICY_VALUE}\\s+REG_`, 'i').test(text))
  const match = line === undefined ? null : /^\s+\S+\s+(REG_\w+)\s+(.*)$/.exec(line)
  if (!match) return { absent: true }
  if (match[1] !== 'REG_SZ' && match[1] !== 'REG_EXPAND_SZ') return { refused: `the registry value ${WINDOWS_POLICY_VALUE} is ${match[1]}, not text` }
  return { text: match[2]! }
}

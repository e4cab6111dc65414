import { statfsSync } from 'node:fs'
import { availableParallelism, cpus, loadavg, tmpdir, totalmem } from 'node:os'
import { mib } from './stats.ts'

/** statfs magic numbers of the file systems a data folder is likely on. */
const FILE_SYSTEMS: Record<number, string> = {
  0xef53: 'ext4',
  0x58465342: 'xfs',
  0x9123683e: 'btrfs',
  0x01021994: 'tmpfs (fsync is free: figures are not a disk\'s)',
  0x794c7630: 'overlayfs',
  0x6969: 'nfs'
}

export interface Machine {
  cores: number
  cpu: string
  node: string
  memory: string
  fileSystem: string
  loadAtStart: string
}

export function describeMachine(): Machine {
  const type = statfsSync(tmpdir()).type
  return {
    cores: availableParallelism(),
    cpu: cpus()[0]?.model.trim() ?? 'unknown',
    node: process.version,
    memory: mib(totalmem()).replace(' MiB', ' MiB RAM'),
    fileSystem: `${tmpdir()} on ${FILE_SYSTEMS[type] ?? `file system 0x${type.toString(16)}`}`,
    loadAtStart: load()
  }
}

/** The 1-minute load average beside the core count: how much else was running. */
export function load(): string {
  return loadavg()[0]!.toFixed(2)
}

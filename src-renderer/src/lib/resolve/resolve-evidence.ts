import { t } from '../../i18n/index.ts'
import type { CandidateRecord } from '../contract.ts'

/** A record staff may name as this booking's: not deleted, and no other outbox item's. */
export function isUsable(candidate: CandidateRecord): boolean {
  return !candidate.deleted && !candidate.claimed
}

/** A candidate's state in words, for the evidence table. */
export function candidateState(candidate: CandidateRecord): string {
  if (candidate.deleted) return t('resolve.deleted')
  if (candidate.claimed) return t('resolve.claimed')
  return t('resolve.could')
}

/** The record id as staff typed or pasted it ("#123 ", "123"), or undefined when left empty. */
export function recordIdInput(raw: string): string | undefined {
  const id = raw.trim().replace(/^#/, '').trim()
  return id === '' ? undefined : id
}

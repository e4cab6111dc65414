import type { DeskMode, ModeInfo, WindowLanguage } from '../../shared/contract.ts'
import type { FrontDesk } from './front-desk.ts'
import { DeskError } from '../base/desk-error.ts'

/**
 * Where the window's calls go: the desk in use now, and the switch between real and training. The app
 * gives the IPC router its desk modes (practice/desk-modes.ts); a desk without training is `singleDesk`.
 */
export interface DeskSource {
  current(): FrontDesk
  info(): ModeInfo
  /** `language`: the window's; in training, the practice studio's names and labels follow it. */
  set(mode: DeskMode, language?: WindowLanguage): Promise<ModeInfo>
  /** Called after every switch, with the desk now in use. */
  onSwitch(listener: (desk: FrontDesk) => void): () => void
}

/** One real desk, no training: asking for training is refused. */
export function singleDesk(desk: FrontDesk): DeskSource {
  return {
    current: () => desk,
    info: () => ({ mode: 'real' }),
    async set(mode) {
      if (mode === 'training') throw new DeskError('not_allowed', 'training_unavailable')
      return { mode: 'real' }
    },
    onSwitch: () => () => {}
  }
}

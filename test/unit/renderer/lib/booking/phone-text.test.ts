import { describe, expect, it } from 'vitest'
import { displayPhone, maskedPhone, phoneText } from '../../../../../src-renderer/src/lib/booking/phone-text.ts'

/** One phone formatter and one masking rule for every place the window shows a phone. */
const PHONES = [
  { country: 'RU', stored: '+79262685515', full: '+7 926 268 55 15', masked: '+7 ••• ••• 55 15' },
  { country: 'GB', stored: '+447911123456', full: '+44 7911 123456', masked: '+44 •••• ••3456' },
  { country: 'US', stored: '+13155550175', full: '+1 315 555 0175', masked: '+1 ••• ••• 0175' },
  { country: 'DE', stored: '+4915123456789', full: '+49 1512 3456789', masked: '+49 •••• •••6789' },
  { country: 'KZ', stored: '+77012345678', full: '+7 701 234 5678', masked: '+7 ••• ••• 5678' },
  { country: 'PL', stored: '+48512345678', full: '+48 512 345 678', masked: '+48 ••• ••5 678' }
]

describe('phones as the window shows them', () => {
  for (const phone of PHONES) {
    it(`writes a ${phone.country} phone in full in the international format, and masks all but the country code and last four digits`, () => {
      expect(displayPhone(phone.stored)).toBe(phone.full)
      expect(maskedPhone(phone.stored)).toBe(phone.masked)
      expect(phoneText(phone.stored, 'full')).toBe(phone.full)
      expect(phoneText(phone.stored, 'masked')).toBe(phone.masked)
      // The mask keeps the full form's grouping: the two read as the same number.
      expect(phone.masked.replace(/•/g, '0').length).toBe(phone.full.length)
      expect(phone.full.endsWith(phone.masked.slice(-4))).toBe(true)
    })
  }

  it('reads older data stored without the plus as international', () => {
    expect(displayPhone('447911123456')).toBe('+44 7911 123456')
    expect(maskedPhone('79035558317')).toBe('+7 ••• ••• 83 17')
  })

  it('masks what it cannot read as a phone too, keeping its last four digits', () => {
    expect(maskedPhone('12345678')).toBe('••••5678')
    expect(phoneText('', 'masked')).toBe('')
  })
})

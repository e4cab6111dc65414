import type { AltegioSimulator } from './altegio-simulator.ts'
import type { SimClient, SimUser } from './types.ts'

/**
 * Realistic data for a studio: a week of classes from yesterday on (today's 18:00 Evening yoga among
 * them), a few hundred clients with Cyrillic and Latin names and phones with and without the plus, and
 * one receptionist who can sign in. Deterministic: the same seed gives the same studio. Its own words
 * (its name, its classes and who runs them, its labels) are English or Russian, the window's language
 * in training; the ids, times and places are the same in both.
 */

export type StudioLanguage = 'en' | 'ru'

export const RECEPTIONIST: SimUser = {
  id: 5120041,
  login: 'reception@studio.test',
  phone: '+447700900123',
  password: 'Front-desk-2026',
  name: 'Rita Reception'
}

/** A returning client the tests look up by the last digits of her phone; no other phone contains them. */
export const RETURNING_CLIENT: SimClient = {
  id: 170000042,
  name: 'Ольга',
  surname: 'Смирнова',
  phone: '+79035558317',
  email: 'olga.smirnova@example.ru'
}
export const RETURNING_DIGITS = '8317'

/** Today's schedule; the id of a class is 900000 + day offset × 10 + its slot. */
const CLASSES = [
  { time: [7, 0], title: 'Morning flow yoga', staff: 'Anna Kowalska', capacity: 12, length: 3600 },
  { time: [9, 30], title: 'Pilates mat', staff: 'Дмитрий Орлов', capacity: 10, length: 3300 },
  { time: [12, 30], title: 'Lunchtime HIIT', staff: 'Sam Carter', capacity: 15, length: 2700 },
  { time: [18, 0], title: 'Evening yoga', staff: 'Anna Kowalska', capacity: 12, length: 4500 },
  { time: [19, 30], title: 'Stretch & release', staff: 'Мария Лебедева', capacity: 10, length: 3600 }
] as const

/** The Russian studio's names for the same classes, slot by slot, and who runs them. */
const CLASSES_RU = [
  { title: 'Утренняя йога', staff: 'Анна Ковальская' },
  { title: 'Пилатес на ковриках', staff: 'Дмитрий Орлов' },
  { title: 'Табата', staff: 'Светлана Карпова' },
  { title: 'Вечерняя йога', staff: 'Анна Ковальская' },
  { title: 'Растяжка', staff: 'Мария Лебедева' }
] as const

export const EVENING_YOGA_SLOT = 3

/** The studio's categories: three for records (chosen by name when booking), one for clients. */
export const STUDIO_LABELS = [
  { id: 3101, title: 'Trial class', color: '#16a34a', entity: 2 },
  { id: 3102, title: 'Paid at the desk', color: '#2563eb', entity: 2 },
  { id: 3103, title: 'Guest pass', color: '#9333ea', entity: 2 },
  { id: 3201, title: 'VIP', color: '#f59e0b', entity: 1 }
] as const

/** The studio's own words in each language: its name, the receptionist's, its labels by id. */
const STUDIO_WORDS = {
  en: { location: 'City studio', receptionist: RECEPTIONIST.name, labels: {} as Record<number, string> },
  ru: {
    location: 'Студия на Садовой',
    receptionist: 'Рита Соколова',
    labels: { 3101: 'Пробное занятие', 3102: 'Оплата на ресепшене', 3103: 'Гостевой визит', 3201: 'VIP' } as Record<number, string>
  }
} as const

/** The receptionist's name as the studio's sign-in answers it in `language`. */
export const receptionistName = (language: StudioLanguage): string => STUDIO_WORDS[language].receptionist

/** Slot `slot`'s class as the studio names it in `language`. */
function classWords(slot: number, language: StudioLanguage): { title: string; staff: string } {
  return language === 'ru' ? CLASSES_RU[slot]! : CLASSES[slot]!
}
const labelTitle = (label: (typeof STUDIO_LABELS)[number], language: StudioLanguage): string => STUDIO_WORDS[language].labels[label.id] ?? label.title
/** The id of a class `day` days from today (0 today, -1 yesterday) in slot `slot`. */
export const classId = (day: number, slot: number): number => 900000 + (day + 1) * 10 + slot

const FIRST = ['Анна', 'Мария', 'Елена', 'Дмитрий', 'Сергей', 'Алексей', 'Наталья', 'Ирина', 'Павел', 'Юлия', 'Jonas', 'Emma', 'Liam', 'Sophie', 'Lucas', 'Mia', 'Noah', 'Chloé', 'Zoë', 'Oliver', 'Ewa', 'Tomasz', 'Giulia', 'Mateo']
const LAST_RU = ['Иванов', 'Петров', 'Соколов', 'Кузнецов', 'Попов', 'Лебедев', 'Козлов', 'Новиков', 'Морозов', 'Волков']
const LAST_LATIN = ['Smith', 'Müller', 'Rossi', 'García', 'Nowak', 'Dubois', 'Jansen', 'Brown', 'Schmidt', 'Martin', "O'Neill", 'Kowalski']
const FEMALE = new Set(['Анна', 'Мария', 'Елена', 'Наталья', 'Ирина', 'Юлия'])

/** A small, fast, seeded PRNG (mulberry32): the same studio every run, a repeatable soak. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

export function seedClients(count = 320, seed = 7): SimClient[] {
  const next = seededRandom(seed)
  const pick = <T>(list: readonly T[]): T => list[Math.floor(next() * list.length)]!
  const digits = (n: number): string => Array.from({ length: n }, () => Math.floor(next() * 10)).join('')
  const clients: SimClient[] = [RETURNING_CLIENT]
  const phones = new Set([RETURNING_CLIENT.phone.replace(/\D/g, '')])
  while (clients.length < count) {
    const name = pick(FIRST)
    const cyrillic = /[а-я]/i.test(name)
    let surname = cyrillic ? pick(LAST_RU) : pick(LAST_LATIN)
    if (cyrillic && FEMALE.has(name)) surname += 'а'
    const kind = next()
    // Russian mobiles with and without the plus (older YCLIENTS data), UK and German ones with it.
    const phone =
      kind < 0.35 ? `+7916${digits(7)}` : kind < 0.55 ? `7926${digits(7)}` : kind < 0.8 ? `+4479${digits(8)}` : `+49151${digits(8)}`
    const key = phone.replace(/\D/g, '')
    if (phones.has(key) || key.includes(RETURNING_DIGITS)) continue
    phones.add(key)
    const id = 170000100 + clients.length
    const email = next() < 0.7 ? `client${id}@example.com` : ''
    clients.push({ id, name, surname, phone, email })
  }
  return clients
}

/** Seeds `sim` for location `locationId`, with `today` as the simulator's (and the desk's) today. */
export function seedStudio(sim: AltegioSimulator, locationId: number, today: Date, language: StudioLanguage = 'en'): void {
  sim.addLocation(locationId)
  sim.setLocationTitle(locationId, STUDIO_WORDS[language].location)
  sim.addUser({ ...RECEPTIONIST, name: STUDIO_WORDS[language].receptionist })
  STUDIO_LABELS.forEach((label) => sim.addLabel({ locationId, ...label, title: labelTitle(label, language) }))
  const clients = seedClients()
  for (const client of clients) sim.addClient(client)
  const next = seededRandom(11)
  for (let day = -1; day <= 7; day++) {
    const weekend = [0, 6].includes(new Date(today.getFullYear(), today.getMonth(), today.getDate() + day).getDay())
    CLASSES.forEach((c, slot) => {
      if (weekend && slot === 2) return // no lunchtime class at weekends
      const date = new Date(today.getFullYear(), today.getMonth(), today.getDate() + day, c.time[0], c.time[1])
      // Today's evening yoga has 7 of 12 taken; the others vary, and Wednesday's HIIT is full.
      const booked = day === 0 && slot === EVENING_YOGA_SLOT ? 7 : slot === 2 && date.getDay() === 3 ? c.capacity : Math.floor(next() * c.capacity * 0.8)
      const bookedBy = attendees(clients, booked, classId(day, slot))
      const { title, staff } = classWords(slot, language)
      // A class already over was checked in at the studio: most came, about one in six did not.
      const over = date.getTime() + c.length * 1000 <= today.getTime()
      const attended = over ? bookedBy.map((_, n) => (n % 6 === 5 ? -1 : 1)) : undefined
      sim.addEvent({ locationId, id: classId(day, slot), date, capacity: c.capacity, title, length: c.length, staffName: staff, booked, bookedBy, ...(attended ? { attended } : {}) })
    })
  }
}

/**
 * The seeded studio in `language` from now on: its name, classes, staff and labels renamed in place, so
 * what was booked there stays booked.
 */
export function renameStudio(sim: AltegioSimulator, locationId: number, language: StudioLanguage): void {
  sim.setLocationTitle(locationId, STUDIO_WORDS[language].location)
  sim.renameUser(RECEPTIONIST.id, STUDIO_WORDS[language].receptionist)
  STUDIO_LABELS.forEach((label) => sim.renameLabel(locationId, label.id, labelTitle(label, language)))
  for (const id of sim.eventIdsOf(locationId)) {
    const { title, staff } = classWords(id % 10, language)
    sim.renameEvent(locationId, id, title, staff)
  }
}

/**
 * Who holds a class's booked places, one client each, picked the same way every run; never the returning
 * client the tests book themselves, so her first booking is never a double one.
 */
function attendees(clients: readonly SimClient[], count: number, eventId: number): SimClient[] {
  const pool = clients.filter((client) => client.id !== RETURNING_CLIENT.id)
  const next = seededRandom(eventId)
  const chosen = new Map<number, SimClient>()
  while (chosen.size < Math.min(count, pool.length)) {
    const client = pool[Math.floor(next() * pool.length)]!
    chosen.set(client.id, client)
  }
  return [...chosen.values()]
}

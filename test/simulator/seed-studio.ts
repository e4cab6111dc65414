// The seeded studio is the practice location's data too (src-main/practice/); tests import it from here.
export * from '../../src-main/practice/simulator/seed-studio.ts'

// The simulator lives with the practice location it also serves (src-main/practice/); tests import it from here.
export * from '../../src-main/practice/simulator/altegio-simulator.ts'

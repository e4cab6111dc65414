// Makes the installers' icons from build/icon.svg; run by hand when the icon changes, and commit the
// results (electron-builder reads them from build/). Needs rsvg-convert (Debian: librsvg2-bin).
//   node build/make-icons.mjs
import { execFileSync } from 'node:child_process'
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import png2icons from 'png2icons'

const dir = import.meta.dirname
const svg = join(dir, 'icon.svg')
for (const size of [512, 1024]) {
  const out = join(dir, size === 512 ? 'icon.png' : 'icon-1024.png')
  execFileSync('rsvg-convert', ['-w', String(size), '-h', String(size), '-o', out, svg])
}
const big = readFileSync(join(dir, 'icon-1024.png'))
writeFileSync(join(dir, 'icon.icns'), png2icons.createICNS(big, png2icons.BICUBIC2, 0))
// Windows: 16 to 256 pixels in one file; PNG-compressed entries keep it small.
writeFileSync(join(dir, 'icon.ico'), png2icons.createICO(big, png2icons.BICUBIC2, 0, true, true))
console.log('icons written to', dir)

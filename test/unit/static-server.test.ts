import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { expect, it } from 'vitest'
import { serveDirectory } from '../e2e/support/static-server.ts'

/**
 * The window's static server can hold the page's scripts until the harness has done its work in the page
 * (the bench warms its binding there): the document and its styles are served at once, every script
 * only once that work is done, and the work runs once however many scripts the page asks for.
 */
it('serves scripts only after beforeScripts is done, once for all of them, and everything else at once', async () => {
  const root = mkdtempSync(join(tmpdir(), 'front-desk-static-hold-'))
  mkdirSync(join(root, 'assets'))
  writeFileSync(join(root, 'index.html'), '<!doctype html><title>t</title>')
  writeFileSync(join(root, 'assets', 'a.js'), 'export const a = 1')
  writeFileSync(join(root, 'assets', 'b.js'), 'export const b = 2')
  writeFileSync(join(root, 'assets', 'c.css'), 'p { color: red }')
  let calls = 0
  let open!: () => void
  let asked!: () => void
  const gate = new Promise<void>((resolve) => (open = resolve))
  const beforeScriptsRan = new Promise<void>((resolve) => (asked = resolve))
  const site = await serveDirectory(root, {
    beforeScripts: () => {
      calls += 1
      asked()
      return gate
    }
  })
  try {
    let scriptsServed = false
    const scripts = Promise.all([fetch(`${site.url}assets/a.js`), fetch(`${site.url}assets/b.js`)]).then((answers) => {
      scriptsServed = true
      return Promise.all(answers.map((answer) => answer.text()))
    })
    await beforeScriptsRan
    expect(await (await fetch(site.url)).text()).toContain('<title>t</title>')
    expect(await (await fetch(`${site.url}assets/c.css`)).text()).toContain('color: red')
    expect(scriptsServed).toBe(false)
    open()
    expect(await scripts).toEqual(['export const a = 1', 'export const b = 2'])
    expect(calls).toBe(1)
  } finally {
    await site.close()
    rmSync(root, { recursive: true, force: true })
  }
})

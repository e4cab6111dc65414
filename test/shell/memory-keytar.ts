/**
 * keytar for the shell tests: an empty keychain in memory, new for each test file. With no tokens
 * nothing can be sent, and a developer's own keychain is never read.
 */
const secrets = new Map<string, string>()
const keytar = {
  getPassword: async (service: string, account: string) => secrets.get(`${service}/${account}`) ?? null,
  setPassword: async (service: string, account: string, secret: string) => void secrets.set(`${service}/${account}`, secret),
  deletePassword: async (service: string, account: string) => secrets.delete(`${service}/${account}`)
}
export const memoryKeytar = { default: keytar, ...keytar }

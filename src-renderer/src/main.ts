import { createApp } from 'vue'
import { createPinia } from 'pinia'
import { config } from 'zod'
import App from './App.vue'
import { i18n } from './i18n/index.ts'
import './styles/base.css'

// The window's CSP forbids eval; tell zod up front instead of letting it probe and log a violation.
config({ jitless: true })

createApp(App).use(createPinia()).use(i18n).mount('#app')

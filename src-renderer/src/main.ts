import { createApp } from 'vue'
import { createPinia } from 'pinia'
import { config } from 'zod'
import App from './App.vue'
import './styles/base.css'

// The window's CSP forbids eval; tell zod up front instead of letting it probe and log a violation.
config({ jitless: true })

createApp(App).use(createPinia()).mount('#app')

// First: module bodies run in import order, and zod must know it may not eval before any schema is built.
import './zod-jitless.ts'
import { createApp } from 'vue'
import { createPinia } from 'pinia'
import App from './App.vue'
import { i18n } from './i18n/index.ts'
import './styles/base.css'

createApp(App).use(createPinia()).use(i18n).mount('#app')

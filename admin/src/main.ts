import { createPinia } from 'pinia';
import { createApp } from 'vue';
import App from './App.vue';
import { i18n } from './locales';
import { router, setupRouterGuard } from './router';
import './styles/index.css';

const app = createApp(App);
app.use(createPinia());
app.use(i18n);
// The guard reads the auth store, so it is set up after Pinia and before the first navigation.
setupRouterGuard(router);
app.use(router);
app.mount('#app');

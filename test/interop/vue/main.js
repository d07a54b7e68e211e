/** The widgets in a Vue 3 app (README, "Recipes" → Vue); vite.config's isCustomElement lets them through. */
import { createApp } from 'vue';
import 'tandem/widgets/index.ts'; // registers every <tandem-*> element
import App from './App.vue';

createApp(App).mount('#app');

import { mount } from 'svelte';
import App from './App.svelte';
import './app.css';
import { accounts } from './lib/stores/accounts.svelte';
import { appInfo } from './lib/stores/app-info.svelte';
import { connection } from './lib/stores/connection.svelte';
import { networks } from './lib/stores/networks.svelte';
import { router } from './lib/stores/router.svelte';
import { settings } from './lib/stores/settings.svelte';
import { theme } from './lib/stores/theme.svelte';

// Order matters a little: the connection store must watch the link before the data stores make their first calls.
connection.start();
theme.start();
router.start();
settings.start();
appInfo.start();
accounts.start();
networks.start();

const target = document.getElementById('app');
if (!target) throw new Error('Gridbox: #app is missing from index.html');

export default mount(App, { target });

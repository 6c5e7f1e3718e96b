import { vitePreprocess } from '@sveltejs/vite-plugin-svelte';

/**
 * Read by @sveltejs/vite-plugin-svelte (the renderer build) and by svelte-check.
 * Svelte 5 strips TypeScript types natively; vitePreprocess only handles <style lang="…"> if one is ever used.
 */
export default {
  preprocess: vitePreprocess(),
  compilerOptions: {
    // Runes everywhere: no legacy reactive statements can creep in.
    runes: true,
  },
};

/**
 * Registers a widget's tag once. Safe to import under Node/SSR (no registry: nothing happens) and
 * when a page loads both the bundle and a per-widget module (second define is skipped).
 */
export function defineElement(tag: string, element: CustomElementConstructor): void {
  const registry = globalThis.customElements as CustomElementRegistry | undefined;
  if (registry && !registry.get(tag)) registry.define(tag, element);
}
